"""Clustering scored pairs into persons, under the domain's constraints.

Records whose match probability reaches the analyst's threshold are joined into one
person by connected components (a vectorised union-find over the edges, which runs
the same whichever engine scored the pairs). Connected components chain:
A~B and B~C put A and C together even if A and C could never be the same person. So
every component is checked against the constraints the domain imposes:

- no person has records of clearly different sex (one says female, another male);
- no person has records whose known birth years differ by more than
  ``max_birth_year_gap`` years, unless the two records carry the same identity
  document number (a date is mistyped far more often than a document number, and a
  document number belongs to one holder), or the two dates of birth share day and
  month and their years differ in the tens digit only (1989 written 1979: one
  mistyped digit, not another person);
- no person holds two records a clerk decided are not the same person.

A component that breaks one is re-clustered greedily: its edges are taken from the
most to the least probable, and two groups are joined only if the joined group keeps
every constraint. On a component that breaks none this gives the same result as
connected components, so only the few offending components are redone.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

logger = logging.getLogger(__name__)


@dataclass
class _Group:
    members: list[int]
    sexes: set[str] = field(default_factory=set)
    # (year of birth, document token, day-month key) of the members with a year
    years: list[tuple[int, object, object]] = field(default_factory=list)

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        self.sexes |= other.sexes
        self.years.extend(other.years)


def _years_compatible(a: _Group, b: _Group, gap: int) -> bool:
    for year_a, doc_a, day_a in a.years:
        for year_b, doc_b, day_b in b.years:
            if abs(year_a - year_b) <= gap:
                continue
            if doc_a is not None and doc_a == doc_b:
                continue
            if day_a is not None and day_a == day_b and is_digit_typo(year_a, year_b):
                continue
            return False
    return True


def is_digit_typo(year_a: int, year_b: int) -> bool:
    """Whether two years differ in their tens digit only (1989 and 1979)."""
    gap = abs(year_a - year_b)
    return gap % 10 == 0 and gap < 100


# The same exception in SQL, over columns birth_year, doc, dob_day and dob_month.
YEARS_COMPATIBLE_SQL = """(abs({a}.birth_year - {b}.birth_year) <= {gap}
    or coalesce({a}.doc = {b}.doc, false)
    or coalesce({a}.dob_day = {b}.dob_day and {a}.dob_month = {b}.dob_month
                and abs({a}.birth_year - {b}.birth_year) % 10 = 0
                and abs({a}.birth_year - {b}.birth_year) < 100, false))"""


def constraint_columns(records: pa.Table) -> pa.Table:
    """The columns the constraints read (absent ones as nulls)."""
    kinds = {
        "unique_id": pa.int64(),
        "sex": pa.string(),
        "birth_year": pa.int64(),
        "doc": records.schema.field("doc").type
        if "doc" in records.column_names
        else pa.string(),
        "dob_day": pa.int64(),
        "dob_month": pa.int64(),
    }
    return pa.table(
        {
            name: records[name]
            if name in records.column_names
            else pa.nulls(records.num_rows, kind)
            for name, kind in kinds.items()
        }
    )


def _day_key(day_month: tuple[object, object]) -> object:
    return None if None in day_month else day_month


def _compatible(
    a: _Group, b: _Group, gap: int, forbidden: dict[int, set[int]], root: list[int]
) -> bool:
    if len(a.sexes | b.sexes) > 1:
        return False
    if not _years_compatible(a, b, gap):
        return False
    small, large = (a, b) if len(a.members) <= len(b.members) else (b, a)
    large_root = root[large.members[0]]
    return not any(
        root[partner] == large_root
        for member in small.members
        for partner in forbidden.get(member, ())
    )


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Root of each node's connected component (the smallest node id in it)."""
    parent = np.arange(n, dtype=np.int64)

    def find(x: np.ndarray) -> np.ndarray:
        while True:
            up = parent[x]
            if np.array_equal(up, x):
                return x
            parent[x] = parent[up]
            x = up

    a, b = left.astype(np.int64), right.astype(np.int64)
    while len(a):
        ra, rb = find(a), find(b)
        differ = ra != rb
        ra, rb = ra[differ], rb[differ]
        if not len(ra):
            break
        low, high = np.minimum(ra, rb), np.maximum(ra, rb)
        parent[high] = low
        a, b = low, high
    roots = parent.copy()
    while True:
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            return roots
        roots = nxt


def cluster_records(
    records: pa.Table,
    predictions: pa.Table,
    threshold: float,
    *,
    max_birth_year_gap: int = 5,
    cannot_link: set[tuple[int, int]] | None = None,
) -> pa.Table:
    """Persons as clusters of records.

    Args:
        records: the prepared records (``unique_id``, ``sex``, ``birth_year``,
            ``doc``).
        predictions: scored pairs (``unique_id_l``, ``unique_id_r``,
            ``match_probability``).
        threshold: pairs at or above this probability are the same person.
        max_birth_year_gap: largest spread of known birth years within a person.
        cannot_link: pairs of unique ids that must never share a person.

    Returns:
        ``unique_id`` and ``cluster_id`` (the smallest unique id of the cluster).
    """
    n = records.num_rows
    keep = pc.greater_equal(predictions["match_probability"], threshold)
    edges = predictions.filter(keep).select(
        ["unique_id_l", "unique_id_r", "match_probability"]
    )
    left = edges["unique_id_l"].to_numpy()
    right = edges["unique_id_r"].to_numpy()
    roots = _components(n, left, right)

    con = duckdb.connect()
    con.register("records", constraint_columns(records))
    con.register("roots", pa.table({"unique_id": np.arange(n), "root": roots}))
    gap = int(max_birth_year_gap)
    bad = con.sql(
        f"""
        with r as (select * from records join roots using (unique_id)),
        spread as (
            select root from r group by root
            having count(distinct sex) > 1
                or max(birth_year) - min(birth_year) > {gap}
        ),
        members as (select r.* from r semi join spread using (root))
        select distinct a.root from members a join members b
          on a.root = b.root and a.unique_id < b.unique_id
        where coalesce(a.sex <> b.sex, false)
           or not coalesce({YEARS_COMPATIBLE_SQL.format(a="a", b="b", gap=gap)}, true)
        """
    ).fetchall()
    offending = {int(r[0]) for r in bad}
    forbidden: dict[int, set[int]] = defaultdict(set)
    for a, b in cannot_link or ():
        forbidden[a].add(b)
        forbidden[b].add(a)
        if roots[a] == roots[b]:
            offending.add(int(roots[a]))
    if not offending:
        return pa.table(
            {"unique_id": np.arange(n, dtype=np.int64), "cluster_id": roots}
        )
    logger.info("re-clustering %d components that break a constraint", len(offending))

    sex = records["sex"].to_pylist()
    year = records["birth_year"].to_pylist()
    doc = records["doc"].to_pylist()
    columns = constraint_columns(records)
    day_month = list(
        zip(
            columns["dob_day"].to_pylist(),
            columns["dob_month"].to_pylist(),
            strict=True,
        )
    )
    in_bad = np.isin(roots, np.fromiter(offending, dtype=np.int64))
    root = list(range(n))
    groups: dict[int, _Group] = {}
    for uid in np.flatnonzero(in_bad).tolist():
        y = year[uid]
        groups[uid] = _Group(
            [uid],
            {sex[uid]} if sex[uid] else set(),
            [] if y is None else [(y, doc[uid], _day_key(day_month[uid]))],
        )
    mask = in_bad[left]
    order = np.argsort(-edges["match_probability"].to_numpy()[mask], kind="stable")
    for a, b in zip(
        left[mask][order].tolist(), right[mask][order].tolist(), strict=True
    ):
        ra, rb = root[a], root[b]
        if ra == rb:
            continue
        ga, gb = groups[ra], groups[rb]
        if not _compatible(ga, gb, max_birth_year_gap, forbidden, root):
            continue
        keep_root, gone = (ra, rb) if len(ga.members) >= len(gb.members) else (rb, ra)
        kept, merged = groups[keep_root], groups.pop(gone)
        for member in merged.members:
            root[member] = keep_root
        kept.absorb(merged)
    cluster = roots.copy()
    for keep_root, group in groups.items():
        smallest = min(group.members)
        cluster[group.members] = smallest
        del keep_root
    return pa.table({"unique_id": np.arange(n, dtype=np.int64), "cluster_id": cluster})
