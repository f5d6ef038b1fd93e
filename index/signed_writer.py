"""The Whoosh writer of baocao: it signs each commit (see ``index.integrity``)."""

from __future__ import annotations

import os

from whoosh.codec.base import Segment
from whoosh.index import TOC, clean_files

from .bulk_writer import BulkSegmentWriter
from .integrity import TrustedStorage, write_checksums

__all__ = ["SignedWriter"]


class SignedWriter(BulkSegmentWriter):
    """A Whoosh writer (the caller holds :class:`~index.locking.WriteLock`) that signs its
    commit: the new table of contents is trusted only once the checksums naming it are in place,
    and the previous generation's files are deleted only after that.

    Set ``sources`` (the list of indexed sources after this commit) before committing.
    """

    storage: TrustedStorage  # only TrustedIndex.writer makes one, with its own storage
    sources: list[str] | None = None
    signed = False  # True once the checksums name this commit: it then stands

    def _commit_toc(self, segments: list[Segment]) -> None:
        storage = self.storage
        target = TOC._filename(self.indexname, self.generation)
        if os.path.exists(storage._fpath(target)):  # left by a killed writer, never signed
            os.remove(storage._fpath(target))
        TOC(self.schema, segments, self.generation).write(storage, self.indexname)
        names = [target] + [name for segment in segments
                            for name in segment.list_files(storage)]
        sources = self.sources if self.sources is not None else storage.checksums.sources
        write_checksums(storage.index_dir, self.generation, names, sources)
        self.signed = True
        clean_files(storage, self.indexname, self.generation, segments)

    def discard_created(self) -> None:
        """Delete the files this writer made (after a failed commit: a full disk)."""
        self.storage.close_streams()
        for name in self.storage.created:
            try:
                os.remove(self.storage._fpath(name))
            except OSError:
                pass
