"""Write a segment's posting lists and term table in bulk, byte for byte as Whoosh writes them.

Whoosh's W3 codec writes each term through its field writer, postings writer, term info and
hash writer — some twenty Python calls and a file ``tell`` for each of a segment's terms, and
most terms (the syllable pairs) hold one posting.  On 300 archive documents (158,000 terms)
that was a third of the writer process.  Here each term's blocks, term info and table row are
encoded in one loop and written in large chunks; the files are those Whoosh's writer makes
(the bulk writer's tests compare them byte for byte), so Whoosh's reader reads them unchanged.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from operator import sub
from collections.abc import Iterator, Sequence
from itertools import accumulate
from pickle import dumps, loads
from typing import Any

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.reading import CorruptIndexError
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

__all__ = ["write_field_terms", "write_hash_tables", "read_term_postings"]

_TERM_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo's fields, then the postings' extent
_LENGTHS = struct.Struct("!ii")  # a hash table row's key and value lengths
_BLOCK_SIZE = struct.Struct("!i")  # before each block; negative for the last
_CHUNK = 1 << 20  # bytes buffered before a file write

Postings = Sequence[Any]  # [document numbers, weights, values], one entry each per posting


def write_field_terms(fieldwriter: Any, terms: Iterator[tuple[bytes, Postings]],
                      lengths: Sequence[int]) -> None:
    """Write the ``(term, postings)`` of the field ``fieldwriter`` has started, in term order;
    ``lengths`` holds each document's field length by number (0 when unscored).

    What ``start_term``, ``add`` a posting at a time and ``finish_term`` would write: one long
    function, kept so for speed (a call per term is what this module saves).
    """
    postfile, table = fieldwriter._postfile, fieldwriter._tindex
    postwriter = fieldwriter._postwriter
    limit, compression = postwriter._blocklimit, postwriter._compression
    fixed = fieldwriter._format.fixed_value_size()
    prefix = pack_ushort(fieldwriter._fieldid)
    hashfn, buckets, positions = table.hashfn, table.buckets, table.index
    post_offset, table_offset = postfile.tell(), table.dbfile.tell()
    posts: list[bytes] = []
    rows: list[bytes] = []
    posts_size = rows_size = 0
    key = table.lastkey
    length_of = lengths.__getitem__
    for btext, (ids, weights, values) in terms:
        start = post_offset
        posts.append(WHOOSH3_HEADER_MAGIC)
        post_offset += 4
        total_weight: float = 0
        minlength = None
        maxlength = 0
        maxweight: float = 0
        count = len(ids)
        for first in range(0, count, limit):
            end = first + limit
            block_ids = ids[first:end]
            in_block = len(block_ids)
            block_weights = array("f", weights[first:end])
            # C-level passes over the block (map, filter, count): a loop per posting in
            # Python was most of this function's time on the large lists (title, syllables).
            block_lengths = list(map(length_of, block_ids))
            block_min = min(filter(None, block_lengths), default=None)
            block_max = max(block_lengths)
            block_maxweight = max(0, max(weights[first:end]))
            total_weight += sum(block_weights)
            if minlength is None:
                minlength = block_min
            elif block_min is not None:
                minlength = min(minlength, block_min)
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
            mini_ids: tuple = (block_ids[0],) + tuple(map(sub, block_ids[1:], block_ids))
            if block_weights.count(1.0) == in_block:
                mini_weights: Any = None
            elif block_weights.count(block_weights[0]) == in_block:
                mini_weights = block_weights[0]
            else:
                mini_weights = tuple(block_weights)
            # joining leaves out empty values, as Whoosh's writer does when it keeps them
            mini_values: Any = (tuple(filter(None, values[first:end])) if fixed is None or
                                fixed < 0 else None if fixed == 0 else
                                b"".join(values[first:end]))
            data = dumps((mini_ids, mini_weights, mini_values), 2)
            level = compression if len(data) >= COMPRESSION_MIN_SIZE else 0
            if level:
                data = zlib.compress(data, level)
            info = dumps((in_block, block_ids[-1], block_maxweight, level,
                          length_to_byte(block_min), length_to_byte(block_max)), 2)
            size = len(info) + len(data)
            posts += (pack_int(-size if end >= count else size), info, data)
            post_offset += 4 + size
        value = _TERM_INFO.pack(0, total_weight, count,
                                0 if minlength is None else length_to_byte(minlength),
                                length_to_byte(maxlength), maxweight, ids[0],
                                ids[-1]) + pack_long(start) + pack_int(post_offset - start)
        key = prefix + btext
        positions.append(table_offset)
        buckets_hash = hashfn(key)
        buckets[buckets_hash & 255].append((buckets_hash, table_offset))
        rows += (_LENGTHS.pack(len(key), len(value)), key, value)
        table_offset += 8 + len(key) + len(value)
        if post_offset - posts_size > _CHUNK or table_offset - rows_size > _CHUNK:
            posts_size, rows_size = post_offset, table_offset
            postfile.write(b"".join(posts))
            table.dbfile.write(b"".join(rows))
            posts.clear()
            rows.clear()
    postfile.write(b"".join(posts))
    table.dbfile.write(b"".join(rows))
    table.lastkey = key


def write_hash_tables(table: Any) -> None:
    """Whoosh's ``HashWriter._write_hashes`` (the 256 open-addressed tables of the term file),
    each table packed in one call instead of one per slot."""
    dbfile = table.dbfile
    for entries in table.buckets:
        slots = 2 * len(entries)
        table.directory.append((dbfile.tell(), slots))
        if not slots:
            continue
        hashtable = [(0, 0)] * slots
        for hashval, position in entries:
            slot = (hashval >> 8) % slots
            while hashtable[slot] != (0, 0):
                slot = (slot + 1) % slots
            hashtable[slot] = (hashval, position)
        dbfile.write(struct.pack("!" + "Iq" * slots,
                                 *[n for pair in hashtable for n in pair]))


def read_term_postings(postfile: Any, info: Any, fixed: int | None
                       ) -> tuple[list[int], Sequence[float], list[bytes]]:
    """One term's postings in a segment, whole: ``(document numbers, weights, values)`` read
    from the extent its term info ``info`` gives, ``fixed`` the format's value size.

    What Whoosh's ``W3LeafMatcher`` decodes a block at a time, but from one read of the term's
    bytes: building a matcher per term (a seek, a tell and a dozen calls before the first
    block) was the larger part of a merge.
    """
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh's from_bytes leaves the length in struct's tuple
        (length,) = length
    raw = postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise CorruptIndexError(f"bad postings block tag at offset {offset}")
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    position = 4
    last = False
    while not last:
        (size,) = _BLOCK_SIZE.unpack_from(raw, position)
        last, size = size < 0, abs(size)
        start, end = position + 4, position + 4 + size
        block = loads(raw[start:end])  # loads stops at the info tuple's end
        count, compressed = block[0], block[3]
        data = raw[start + len(dumps(block, 2)):end]
        mini_ids, mini_weights, mini_values = loads(zlib.decompress(data) if compressed
                                                    else data)
        ids.extend(accumulate(mini_ids))
        if mini_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(mini_weights, float):
            weights.extend([mini_weights] * count)
        else:
            weights.extend(mini_weights)
        if fixed is None or fixed < 0:
            values.extend(emptybytes if v is None else v for v in mini_values)
        elif fixed == 0:
            values.extend([emptybytes] * count)
        else:
            values.extend([mini_values[i:i + fixed] for i in range(0, len(mini_values), fixed)])
        position = end
    return ids, weights, values
