"""Candidate pairs from blocking keys, as 64-bit integers ``l << 32 | r``.

Pairs are plain integers so that numpy's vectorised sort deduplicates them: far less
memory and time than a SQL self-join of the key table, which holds every key row and
every duplicate pair at once (each record has about 120 keys).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]


def distinct(codes: U64, kind: str = "quicksort") -> U64:
    """Sorted distinct values (np.unique is far slower than a sort on uint64).

    ``kind="stable"`` suits a concatenation of sorted runs, which it merges in
    linear time.
    """
    codes = np.sort(codes, kind=kind)  # type: ignore[call-overload]
    if len(codes) < 2:
        return codes
    keep = np.empty(len(codes), dtype=np.bool_)
    keep[0] = True
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def blocks(
    ids: npt.NDArray[np.int64], keys: U64, cap: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """Records sorted by key, with the start and size of each usable block.

    The record id is packed into the low bits of its key so that one sort of plain
    integers (fast, vectorised) groups the keys and carries the ids along; the key
    keeps its top ``64 - id bits`` bits, so two keys collide about once in 2^44 at a
    million records (a few more pairs to score, or rarely a block pushed over the
    cap).

    Returns the sorted ids, block starts, block sizes and the number of blocks over
    ``cap``.
    """
    bits = max(int(ids.max(initial=0)).bit_length(), 1)
    low = np.uint64((1 << bits) - 1)
    packed = np.sort((keys & ~low) | ids.astype(np.uint64))
    block_key = packed & ~low
    del keys
    sorted_ids = (packed & low).astype(np.int64)
    del packed
    edge = np.ones(len(block_key), dtype=np.bool_)
    np.not_equal(block_key[1:], block_key[:-1], out=edge[1:])
    starts = np.flatnonzero(edge)
    sizes = np.diff(np.append(starts, len(block_key)))
    usable = (sizes >= 2) & (sizes <= cap)
    return sorted_ids, starts[usable], sizes[usable], int((sizes > cap).sum())


def block_pairs(
    sorted_ids: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    chunk_pairs: int,
) -> Iterator[U64]:
    """Every pair within each block as one integer ``l << 32 | r`` (l < r), in
    chunks of about ``chunk_pairs`` (memory stays bounded whatever the blocks)."""
    counts = sizes * (sizes - 1) // 2
    cumulative = np.cumsum(counts)
    first = 0
    while first < len(sizes):
        limit = (cumulative[first - 1] if first else 0) + chunk_pairs
        last = max(int(np.searchsorted(cumulative, limit, side="right")), first + 1)
        s, g = starts[first:last], sizes[first:last]
        first = last
        # Each member pairs with the members after it in its block.
        offset = np.arange(int(g.sum())) - np.repeat(np.cumsum(g) - g, g)
        position = np.repeat(s, g) + offset
        after = np.repeat(g, g) - 1 - offset
        left = np.repeat(position, after)
        run = np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
        a = sorted_ids[left].astype(np.uint64)
        b = sorted_ids[left + 1 + run].astype(np.uint64)
        # A record meets itself only when two of its keys collided (see ``blocks``).
        distinct_records = a != b
        a, b = a[distinct_records], b[distinct_records]
        yield (np.minimum(a, b) << np.uint64(32)) | np.maximum(a, b)


def column_values(
    table: pa.Table, name: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """A column as integers (its values, or codes of its distinct strings) and where it
    is known: records compare by equality of these within one table."""
    column = table[name]
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    valid = np.asarray(pc.is_valid(array))
    if pa.types.is_integer(array.type):
        return np.asarray(pc.fill_null(pc.cast(array, pa.int64()), 0)), valid
    codes = pc.fill_null(array.dictionary_encode().indices, 0)
    return np.asarray(codes).astype(np.int64), valid


def allowed(codes: U64, attributes: pa.Table, gap: int) -> npt.NDArray[np.bool_]:
    """Whether each pair keeps the domain constraints (as ``YEARS_COMPATIBLE_SQL``)."""
    left = (codes >> np.uint64(32)).astype(np.int64)
    right = (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)

    def same(name: str, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> Any:
        value, valid = column_values(attributes, name)
        return valid[a] & valid[b] & (value[a] == value[b])

    sex, sex_valid = column_values(attributes, "sex")
    ok: npt.NDArray[np.bool_] = ~(
        sex_valid[left] & sex_valid[right] & (sex[left] != sex[right])
    )
    year, year_valid = column_values(attributes, "birth_year")
    distance = np.abs(year[left] - year[right])
    far = year_valid[left] & year_valid[right] & (distance > gap)
    if far.any():
        fl, fr, d = left[far], right[far], distance[far]
        excused = same("doc", fl, fr) | (
            same("dob_day", fl, fr)
            & same("dob_month", fl, fr)
            & (d % 10 == 0)
            & (d < 100)
        )
        ok[np.flatnonzero(far)[~excused]] = False
    return ok
