"""Clerical review: the pairs the model is least sure of, and the decisions fed back.

``review_pairs`` lists the scored pairs whose match probability is near the threshold
(within ``margin`` times its odds either way), with the weight of evidence each
comparison gave (``weight_<comparison>``), so that a clerk, or the sources who hold
the identities, can decide. The file has an
empty ``decision`` column to fill with ``same`` or ``not_same``.

A decisions file (``--clerical FILE``, CSV or Parquet with ``source_l``,
``record_id_l``, ``source_r``, ``record_id_r``, ``decision``) overrides the model in
later runs: a ``same`` pair is linked whatever its score, a ``not_same`` pair is never
put in one person, not even through other records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from palermo.errors import InputError
from palermo.standard import fold

logger = logging.getLogger(__name__)

SAME = "same"
NOT_SAME = "not_same"
_DECISION_WORDS = {
    "same": SAME,
    "match": SAME,
    "yes": SAME,
    "meme": SAME,
    "meme personne": SAME,
    "not_same": NOT_SAME,
    "not same": NOT_SAME,
    "different": NOT_SAME,
    "no": NOT_SAME,
    "non_match": NOT_SAME,
    "differente": NOT_SAME,
    "pas la meme": NOT_SAME,
}
DECISION_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r", "decision")


@dataclass(frozen=True)
class ClericalDecisions:
    """Decisions on pairs of records, keyed by (source, record id)."""

    same: frozenset[tuple[tuple[str, str], tuple[str, str]]]
    not_same: frozenset[tuple[tuple[str, str], tuple[str, str]]]

    @classmethod
    def from_table(cls, table: pa.Table) -> ClericalDecisions:
        """Read decisions from a table; rows with an empty decision are skipped.

        Raises:
            InputError: a column is missing or a decision is not same / not_same.
        """
        missing = [c for c in DECISION_COLUMNS if c not in table.column_names]
        if missing:
            raise InputError(
                "the clerical decisions file lacks the column(s) " + ", ".join(missing)
            )
        same: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        not_same: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        rows = table.select(list(DECISION_COLUMNS)).to_pylist()
        for number, row in enumerate(rows, start=2):
            raw = row["decision"]
            if raw is None or str(raw).strip() == "":
                continue
            decision = _DECISION_WORDS.get(fold(str(raw)).replace("-", " "))
            if decision is None:
                raise InputError(
                    f"row {number}, column decision: {raw!r} is not a decision; "
                    "expected same or not_same"
                )
            a = (str(row["source_l"]), str(row["record_id_l"]))
            b = (str(row["source_r"]), str(row["record_id_r"]))
            pair = (a, b) if a <= b else (b, a)
            (same if decision == SAME else not_same).add(pair)
        return cls(frozenset(same), frozenset(not_same))

    @classmethod
    def read(cls, path: str | Path) -> ClericalDecisions:
        """Read a decisions file (CSV or Parquet)."""
        source = Path(path)
        if not source.exists():
            raise InputError(f"clerical decisions file {source} not found")
        try:
            if source.suffix.lower() == ".parquet":
                table = pq.read_table(source)
            else:
                table = pacsv.read_csv(
                    source,
                    convert_options=pacsv.ConvertOptions(
                        column_types={c: pa.string() for c in DECISION_COLUMNS}
                    ),
                )
        except (pa.ArrowInvalid, OSError) as error:
            raise InputError(f"{source} cannot be read as CSV or Parquet") from error
        return cls.from_table(table)

    def _ids(self, records: pa.Table) -> dict[tuple[str, str], int]:
        keys = zip(
            records["source"].to_pylist(), records["record_id"].to_pylist(), strict=True
        )
        return {key: uid for uid, key in enumerate(keys)}

    def _pairs(
        self,
        records: pa.Table,
        which: frozenset[tuple[tuple[str, str], tuple[str, str]]],
    ) -> set[tuple[int, int]]:
        ids = self._ids(records)
        out = set()
        for a, b in which:
            if a in ids and b in ids:
                x, y = ids[a], ids[b]
                out.add((min(x, y), max(x, y)))
        return out

    def cannot_link(self, records: pa.Table) -> set[tuple[int, int]]:
        """Unique-id pairs decided not the same."""
        return self._pairs(records, self.not_same)

    def apply_to_candidates(self, pairs: pa.Table, records: pa.Table) -> pa.Table:
        """Candidate pairs plus the pairs decided the same (so they are scored)."""
        extra = self._pairs(records, self.same)
        if not extra:
            return pairs
        added = pa.table(
            {
                "unique_id_l": pa.array([a for a, _ in sorted(extra)], pa.int64()),
                "unique_id_r": pa.array([b for _, b in sorted(extra)], pa.int64()),
            }
        )
        both = pa.concat_tables([pairs.select(["unique_id_l", "unique_id_r"]), added])
        return both.group_by(["unique_id_l", "unique_id_r"]).aggregate([])

    def apply_to_predictions(
        self, predictions: pa.Table, records: pa.Table
    ) -> pa.Table:
        """Predictions with decided pairs set to probability 1 (same) or 0 (not same)."""
        same = self._pairs(records, self.same)
        not_same = self._pairs(records, self.not_same)
        left = predictions["unique_id_l"].to_pylist()
        right = predictions["unique_id_r"].to_pylist()
        probability = predictions["match_probability"].to_pylist()
        decisions: list[str | None] = []
        seen = set()
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            key = (min(a, b), max(a, b))
            seen.add(key)
            if key in same:
                probability[i] = 1.0
                decisions.append(SAME)
            elif key in not_same:
                probability[i] = 0.0
                decisions.append(NOT_SAME)
            else:
                decisions.append(None)
        table = predictions.set_column(
            predictions.column_names.index("match_probability"),
            "match_probability",
            pa.array(probability, pa.float64()),
        ).append_column("clerical", pa.array(decisions, pa.string()))
        # A pair decided the same that scored below the floor is not among the
        # predictions at all: it is added, so that the decision still holds.
        missing = sorted(same - seen)
        if missing:
            added = pa.table(
                {
                    "unique_id_l": pa.array([a for a, _ in missing], pa.int64()),
                    "unique_id_r": pa.array([b for _, b in missing], pa.int64()),
                    "match_probability": pa.array([1.0] * len(missing)),
                    "clerical": pa.array([SAME] * len(missing), pa.string()),
                }
            )
            table = pa.concat_tables(
                [table, added.cast(table.select(added.column_names).schema)],
                promote_options="default",
            )
        logger.info(
            "clerical decisions applied: %d same, %d not same",
            len(same),
            len(not_same),
        )
        return table


def review_pairs(
    predictions: pa.Table, records: pa.Table, threshold: float, margin: float = 10.0
) -> pa.Table:
    """Pairs near the threshold, closest first, with an empty ``decision`` column."""
    odds = threshold / (1 - threshold) if threshold < 1 else 1e12
    low = (odds / margin) / (1 + odds / margin)
    high = (odds * margin) / (1 + odds * margin)
    probability = predictions["match_probability"]
    near = pc.and_(pc.greater_equal(probability, low), pc.less_equal(probability, high))
    if "clerical" in predictions.column_names:
        near = pc.and_(near, pc.is_null(predictions["clerical"]))
    chosen = predictions.filter(near)
    # The evidence each comparison gave (its match weight), so that a clerk sees which
    # fields agreed without seeing any identity value.
    weights = [
        c
        for c in chosen.column_names
        if c.startswith("mw_") and not c.startswith("mw_tf_adj_")
    ]
    source = records["source"]
    record_id = records["record_id"]
    left = chosen["unique_id_l"]
    right = chosen["unique_id_r"]
    distance = pc.abs(pc.subtract(chosen["match_probability"], threshold))
    table = pa.table(
        {
            "source_l": pc.take(source, left),
            "record_id_l": pc.take(record_id, left),
            "source_r": pc.take(source, right),
            "record_id_r": pc.take(record_id, right),
            "match_probability": chosen["match_probability"],
            "match_weight": chosen["match_weight"],
            **{f"weight_{w[3:]}": chosen[w] for w in weights},
            "decision": pa.nulls(chosen.num_rows, pa.string()),
        }
    )
    order = pc.sort_indices(distance)
    return table.take(order)
