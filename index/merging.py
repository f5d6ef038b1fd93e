"""The merge policy of the index: a few segments of growing size, however many adds.

Every ``index add`` writes one new segment, and a search opens every segment (its files, its
term table) and looks each query term up in each.  Whoosh's default policy, ``MERGE_SMALL``,
merges only when the segment sizes fall under a Fibonacci curve, which segments of a hundred
reports each never do: 20 adds left 20 segments.  This policy merges, smallest first, every
segment that is no larger than what is being written plus the segments merged so far, as a
binary counter carries: sizes then grow geometrically, ``k`` adds of one size leave at most
about log2(k) + 1 segments, and a sentence is rewritten about log2(k) times in all.  A segment
of which more than a third is deleted (replaced reports) is merged too, to drop the dead weight.
"""

from __future__ import annotations

from typing import Any

__all__ = ["merge_geometric", "MAX_SEGMENTS"]

MAX_SEGMENTS = 6  # past this many, the smallest are merged whatever their sizes


def merge_geometric(writer: Any, segments: list) -> list:
    """A Whoosh merge policy (see module): merge into ``writer`` and return the kept segments."""
    from whoosh.reading import SegmentReader

    ordered = sorted(segments, key=lambda segment: segment.doc_count())
    total = writer.doc_count()
    merged = []
    for number, segment in enumerate(ordered):
        live = segment.doc_count()
        too_many = len(ordered) - number >= MAX_SEGMENTS
        if live <= total or too_many or segment.deleted_count() * 3 > segment.doc_count_all():
            merged.append(segment)
            total += live
        else:
            break
    kept = [segment for segment in segments if segment not in merged]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept
