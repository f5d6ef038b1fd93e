"""Count matching sentences per label from one byte per document, read once per segment.

A theme's back-off can match tens of thousands of sentences, and the counts per label cover
all of them.  Looking each one up in Whoosh's label column costs a file read and an unpack per
document (121 ms for a broad query on the archive); building a set of every sentence of each
label first costs 0.7 s of a cold search.  The label column is written as Whoosh's
``RefBytesColumn`` — one byte per document pointing into the segment's few label values — so
each segment's bytes are read in one call and translated to codes shared by all segments;
counting is then one byte lookup per matching document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from whoosh.columns import EmptyColumnReader, RefBytesColumn, TranslatingColumnReader

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

__all__ = ["label_column", "LabelCodes"]


def label_column() -> RefBytesColumn:
    """The column type of the ``label`` field: one byte per document (four labels)."""
    return RefBytesColumn()


class LabelCodes:
    """The label of every document of ``reader``, as one code byte per document number."""

    def __init__(self, reader: IndexReader, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)  # code i + 1 is labels[i]; 0 is no label
        code = {label.encode("utf-8"): number + 1 for number, label in enumerate(self.labels)}
        parts = []
        for leaf, _ in reader.leaf_readers():  # in document-number order
            parts.append(self._segment_codes(leaf, code))
        self.codes = b"".join(parts)

    @staticmethod
    def _segment_codes(leaf: IndexReader, code: dict[bytes, int]) -> bytes:
        count = leaf.doc_count_all()
        column = leaf.column_reader("label", translate=False)
        if isinstance(column, TranslatingColumnReader):
            column = column.raw_column()
        if isinstance(column, EmptyColumnReader):
            return bytes(count)
        if not isinstance(column, RefBytesColumn.Reader) or column._itemsize != 1:
            return bytes(code.get(column[doc], 0) for doc in range(count))
        table = bytes(code.get(value, 0) for value in column._uniques).ljust(256, b"\0")
        refs = column._dbfile.get(column._basepos, count)
        return refs.translate(table)

    def counts(self, docs: Iterable[int]) -> dict[str, int]:
        """``{label: how many of docs carry it}``, labels held by none left out."""
        tally = Counter(map(self.codes.__getitem__, docs))
        return {self.labels[code - 1]: n for code, n in tally.items() if code}
