"""Linkage quality against known truth (simulated data, benchmarks, clerical samples).

Pairwise measures count pairs of records: a pair is *predicted* when both records got
the same person, *true* when both belong to the same true person. Precision is the
share of predicted pairs that are true, recall the share of true pairs predicted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pyarrow as pa


@dataclass(frozen=True)
class PairwiseQuality:
    """Pairwise precision, recall and F1, and person counts."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    persons: int
    true_persons: int

    @property
    def persons_error(self) -> float:
        """Relative error of the number of persons (0.01 = 1% too many)."""
        return (self.persons - self.true_persons) / max(self.true_persons, 1)

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain JSON types."""
        return {**asdict(self), "persons_error": round(self.persons_error, 5)}


def _f1(precision: float, recall: float) -> float:
    return (
        0.0
        if precision + recall == 0
        else 2 * precision * recall / (precision + recall)
    )


def pairwise_quality(record_map: pa.Table, truth: pa.Table) -> PairwiseQuality:
    """Compare a record map with the truth (both keyed by source and record id).

    Args:
        record_map: ``source``, ``record_id``, ``person_id`` as linkage wrote it.
        truth: ``source``, ``record_id``, ``person_id`` of the true persons.
    """
    con = duckdb.connect()
    con.register("m", record_map.select(["source", "record_id", "person_id"]))
    con.register("t", truth.select(["source", "record_id", "person_id"]))
    row = con.sql(
        """
        with j as (
            select m.person_id as p, t.person_id as q
            from m join t on m.source = t.source and m.record_id = t.record_id
        ),
        pp as (select count(*) as n from j group by p),
        tp as (select count(*) as n from j group by q),
        both_ as (select count(*) as n from j group by p, q)
        select
            (select coalesce(sum(n * (n - 1) / 2), 0) from pp),
            (select coalesce(sum(n * (n - 1) / 2), 0) from tp),
            (select coalesce(sum(n * (n - 1) / 2), 0) from both_),
            (select count(*) from pp),
            (select count(*) from tp)
        """
    ).fetchall()[0]
    predicted, true, agreed, persons, true_persons = (int(v) for v in row)
    precision = agreed / predicted if predicted else 1.0
    recall = agreed / true if true else 1.0
    return PairwiseQuality(
        precision=round(precision, 5),
        recall=round(recall, 5),
        f1=round(_f1(precision, recall), 5),
        true_pairs=true,
        predicted_pairs=predicted,
        persons=persons,
        true_persons=true_persons,
    )


def blocking_recall(pairs: pa.Table, records: pa.Table, truth: pa.Table) -> float:
    """Share of true pairs that blocking proposed.

    Args:
        pairs: ``unique_id_l``, ``unique_id_r`` candidate pairs.
        records: the prepared records (``unique_id``, ``source``, ``record_id``).
        truth: ``source``, ``record_id``, ``person_id``.
    """
    con = duckdb.connect()
    con.register("pairs", pairs.select(["unique_id_l", "unique_id_r"]))
    con.register("r", records.select(["unique_id", "source", "record_id"]))
    con.register("t", truth.select(["source", "record_id", "person_id"]))
    found, true = con.sql(
        """
        with who as (
            select r.unique_id, t.person_id
            from r join t on r.source = t.source and r.record_id = t.record_id
        ),
        sizes as (select count(*) as n from who group by person_id)
        select
            (select count(*) from pairs
               join who a on a.unique_id = pairs.unique_id_l
               join who b on b.unique_id = pairs.unique_id_r
             where a.person_id = b.person_id),
            (select coalesce(sum(n * (n - 1) / 2), 0) from sizes)
        """
    ).fetchall()[0]
    return float(found) / float(true) if true else 1.0
