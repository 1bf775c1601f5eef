"""A floor on trained m probabilities: one disagreeing statistical field cannot veto a
pair that agrees on names and date of birth."""

from __future__ import annotations

from types import SimpleNamespace

import pyarrow as pa
import pytest
from splink import DuckDBAPI, Linker

from palermo.linkage import LinkageConfig, LinkageResult
from palermo.linkage.blocking import BlockingConfig, model_keys
from palermo.linkage.model import floor_m_probabilities
from palermo.linkage.prepare import prepare
from tests.palermo.linkage.conftest import Country

FLOOR = LinkageConfig().m_floor


def _level(m: float | None, null: bool = False) -> SimpleNamespace:
    return SimpleNamespace(m_probability=m, is_null_level=null, label_for_charts="x")


def test_levels_below_the_floor_are_raised_and_the_rest_renormalised() -> None:
    levels = [_level(None, null=True), _level(0.97), _level(0.03), _level(1e-9)]
    comparison = SimpleNamespace(output_column_name="c", comparison_levels=levels)

    raised = floor_m_probabilities([comparison], 0.01)

    m = [level.m_probability for level in levels[1:]]
    assert raised == ["c: x"]
    assert m[2] == pytest.approx(0.01)
    assert sum(m) == pytest.approx(1.0)
    assert m[0] / m[1] == pytest.approx(0.97 / 0.03)


def test_no_trained_level_is_left_below_the_floor(plain_result: LinkageResult) -> None:
    for comparison in plain_result.model["comparisons"]:
        # Neutral levels (m = u, fixed) are not trained and stay out of the sum.
        m = [
            level["m_probability"]
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level")
            and "m_probability" in level
            and not level.get("fix_m_probability")
        ]
        assert min(m) >= FLOOR * 0.999
        assert sum(m) == pytest.approx(1.0, abs=1e-6)


Record = tuple[str, str]  # (source, record_id)


def _clean_pairs(country: Country, count: int) -> list[tuple[Record, Record]]:
    """The two records of ``count`` persons seen by two sources, with the same names,
    date of birth and a known citizenship."""
    columns = ["given_names", "family_names", "date_of_birth", "citizenship"]
    records = pa.concat_tables(
        [
            t.select(["organisation_id", "source_record_id", *columns])
            for t in country.tables
        ]
    ).to_pandas()
    joined = records.merge(
        country.truth.to_pandas(),
        left_on=["organisation_id", "source_record_id"],
        right_on=["source", "record_id"],
    )
    chosen = []
    for _person, group in joined[joined["citizenship"] != "unknown"].groupby(
        "person_id"
    ):
        same = (group[columns].nunique() == 1).all()
        if len(group) == 2 and group["source"].nunique() == 2 and same:
            first, second = group[["source", "record_id"]].itertuples(index=False)
            chosen.append((tuple(first), tuple(second)))
        if len(chosen) == count:
            break
    return chosen


def test_a_pair_with_one_wrong_citizenship_still_links(
    country: Country, plain_result: LinkageResult
) -> None:
    # The model trained on the country, whose statistical fields are never wrong:
    # no true pair it saw disagrees on citizenship.
    data = prepare(country.tables, "plain")
    table = data.table
    for name, array in model_keys(data, BlockingConfig()).items():
        table = table.append_column(name, array)
    rows = {(row["source"], row["record_id"]): row for row in table.to_pylist()}
    linker = Linker(DuckDBAPI().register(table), plain_result.model, log_level=None)
    probabilities = []
    for first, second in _clean_pairs(country, 10):
        left, right = dict(rows[first]), dict(rows[second])
        # One recording error, on records with nothing else to add weight (no
        # document number or place of birth, as in many NGO records).
        right.update(citizenship="ZZ")
        for record in (left, right):
            record.update(doc=None, place=None)
        scored = linker.inference.score_pair(left, right)
        probabilities.append(scored.as_pandas_dataframe()["match_probability"][0])

    assert len(probabilities) == 10
    assert min(probabilities) >= LinkageConfig().threshold
