"""Blocking's pair generation: every pair of records sharing a usable key, once, and
the domain constraints applied exactly as the SQL the clustering uses."""

from __future__ import annotations

import itertools

import duckdb
import numpy as np
import pyarrow as pa

from palermo.linkage.clusters import YEARS_COMPATIBLE_SQL
from palermo.linkage.pairs import allowed, block_pairs, blocks, distinct


def _decode(codes: np.ndarray) -> set[tuple[int, int]]:
    return {(int(c) >> 32, int(c) & 0xFFFFFFFF) for c in codes}


def _brute_force(ids: np.ndarray, keys: np.ndarray, cap: int) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for uid, key in zip(ids.tolist(), keys.tolist(), strict=True):
        members.setdefault(key, []).append(uid)
    pairs = set()
    for block in members.values():
        if 2 <= len(block) <= cap:
            for a, b in itertools.combinations(block, 2):
                pairs.add((min(a, b), max(a, b)))
    return pairs


def test_pairs_are_those_sharing_a_key_within_the_cap() -> None:
    rng = np.random.default_rng(3)
    # A record holds a key at most once; keys spread over the high bits, as the
    # mixed keys do.
    entries = sorted(
        {(int(u), int(k)) for u, k in rng.integers(0, [300, 60], (2000, 2))}
    )
    uid = np.array([u for u, _ in entries], dtype=np.int64)
    with np.errstate(over="ignore"):
        key = np.array([k for _, k in entries], dtype=np.uint64) * np.uint64(
            0x9E3779B97F4A7C15
        )
    sorted_ids, starts, sizes, over = blocks(uid, key, cap=40)
    # Small chunks: a block's pairs may not be split wrongly across chunks.
    chunks = list(block_pairs(sorted_ids, starts, sizes, chunk_pairs=50))
    codes = distinct(np.concatenate(chunks))
    assert _decode(codes) == _brute_force(uid, key, cap=40)
    assert over == sum(1 for k in np.unique(key) if int((key == k).sum()) > 40)
    assert len(chunks) > 1


def test_constraints_match_the_clustering_sql() -> None:
    rng = np.random.default_rng(5)
    n = 400
    year = rng.integers(1960, 2010, n)
    attributes = pa.table(
        {
            "unique_id": pa.array(np.arange(n)),
            "sex": pa.array(rng.choice(["female", "male", None], n).tolist()),
            "birth_year": pa.array(year, mask=rng.random(n) < 0.1),
            # Tokens are signed 64-bit hashes: negative values are ordinary values.
            "doc": pa.array(rng.integers(-3, 3, n), mask=rng.random(n) < 0.5),
            "dob_day": pa.array(rng.integers(-2, 2, n), mask=rng.random(n) < 0.2),
            "dob_month": pa.array(rng.integers(-2, 2, n), mask=rng.random(n) < 0.2),
        }
    )
    left, right = np.triu_indices(n, 1)
    codes = (left.astype(np.uint64) << np.uint64(32)) | right.astype(np.uint64)
    ours = allowed(codes, attributes, gap=5)
    con = duckdb.connect()
    con.register("a", attributes)
    con.register("p", pa.table({"l": left, "r": right}))
    expected = con.sql(
        f"""
        select not coalesce(x.sex <> y.sex, false)
           and coalesce({YEARS_COMPATIBLE_SQL.format(a="x", b="y", gap=5)}, true)
        from p
        join a x on x.unique_id = p.l join a y on y.unique_id = p.r
        order by p.l, p.r
        """
    ).fetchnumpy()
    assert np.array_equal(ours, next(iter(expected.values())))
    assert 0 < ours.sum() < len(ours)
