"""Domain constraints: records of different sex or incompatible birth years are never
one person, however alike their names are, and even through a chain of other records."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from palermo.linkage import (
    LinkageConfig,
    cluster_records,
    encode_records,
    link_records,
    new_key,
)
from tests.palermo.linkage.conftest import Country


def _records(sex: list[str | None], years: list[int | None]) -> pa.Table:
    n = len(sex)
    return pa.table(
        {
            "unique_id": pa.array(range(n), pa.int64()),
            "sex": pa.array(sex, pa.string()),
            "birth_year": pa.array(years, pa.int64()),
            "doc": pa.array([None] * n, pa.string()),
        }
    )


def _pairs(edges: list[tuple[int, int, float]]) -> pa.Table:
    return pa.table(
        {
            "unique_id_l": pa.array([a for a, _, _ in edges], pa.int64()),
            "unique_id_r": pa.array([b for _, b, _ in edges], pa.int64()),
            "match_probability": pa.array([p for _, _, p in edges], pa.float64()),
        }
    )


def test_a_chain_never_joins_a_woman_and_a_man() -> None:
    # 0 (female) ~ 1 (sex unknown) ~ 2 (male): connected components would make one
    # person of all three.
    records = _records(["female", None, "male"], [1990, 1990, 1990])
    clusters = cluster_records(
        records, _pairs([(0, 1, 0.99), (1, 2, 0.95)]), threshold=0.9
    )
    person = clusters["cluster_id"].to_pylist()
    assert person[0] != person[2]
    assert person[1] == person[0], "the stronger link wins"


def test_a_chain_never_joins_birth_years_far_apart() -> None:
    records = _records([None, None, None], [1980, None, 1995])
    clusters = cluster_records(
        records, _pairs([(0, 1, 0.95), (1, 2, 0.99)]), threshold=0.9
    )
    person = clusters["cluster_id"].to_pylist()
    assert person[0] != person[2]
    assert person[1] == person[2]


def test_one_document_number_outweighs_a_mistyped_year() -> None:
    records = _records([None, None], [1980, 1995]).set_column(
        3, "doc", pa.array(["A1", "A1"])
    )
    clusters = cluster_records(records, _pairs([(0, 1, 0.99)]), threshold=0.9)
    assert len(set(clusters["cluster_id"].to_pylist())) == 1


def test_a_year_mistyped_in_its_tens_digit_is_not_another_person() -> None:
    # 1979-03-28 and 1989-03-28: one mistyped digit, day and month agree.
    records = (
        _records([None, None, None], [1979, 1989, 1989])
        .append_column("dob_day", pa.array([28, 28, 5], pa.int64()))
        .append_column("dob_month", pa.array([3, 3, 7], pa.int64()))
    )
    clusters = cluster_records(
        records, _pairs([(0, 1, 0.99), (0, 2, 0.99)]), threshold=0.9
    )
    person = clusters["cluster_id"].to_pylist()
    assert person[0] == person[1]
    assert person[2] != person[0], "another day and month: another person"


def _altered(table: pa.Table, rows: int, source: str, **changes: pa.Array) -> pa.Table:
    copy = table.slice(0, rows)
    for name, values in changes.items():
        copy = copy.set_column(copy.column_names.index(name), name, values)
    for name, value in (
        ("organisation_id", source),
        ("source_record_id", None),
    ):
        ids = [value or f"{source}-{i}" for i in range(rows)]
        copy = copy.set_column(copy.column_names.index(name), name, pa.array(ids))
    return copy


@pytest.mark.parametrize("mode", ["plain", "encoded"])
def test_twins_of_other_sex_or_birth_years_stay_apart(
    country: Country, mode: str
) -> None:
    base = country.tables[0]
    known = base.filter(
        pc.and_(
            pc.is_in(base["sex"], pa.array(["female", "male"])),
            pc.is_valid(base["date_of_birth"]),
        )
    ).slice(0, 40)
    flipped = pa.array(
        ["male" if s == "female" else "female" for s in known["sex"].to_pylist()]
    )
    older = pa.array(
        [d.replace(year=d.year - 12) for d in known["date_of_birth"].to_pylist()],
        pa.date32(),
    )
    years = pc.subtract(known["birth_year"], 12)
    # No document number: one shared number would outweigh a birth year (above).
    no_doc = pa.nulls(40, pa.string())
    other_sex = _altered(known, 40, "twin_sex", sex=flipped, document_number=no_doc)
    other_year = _altered(
        known,
        40,
        "twin_year",
        date_of_birth=older,
        birth_year=years,
        document_number=no_doc,
    )
    tables = [known, other_sex, other_year, *country.tables[1:]]
    if mode == "encoded":
        key = new_key()
        tables = [encode_records(t, key) for t in tables]
    result = link_records(tables, LinkageConfig(mode=mode))
    person = {
        (s, r): p
        for s, r, p in zip(
            *(result.record_map[c].to_pylist() for c in result.record_map.column_names),
            strict=True,
        )
    }
    original = known["source_record_id"].to_pylist()
    for i, record in enumerate(original):
        mine = person[(known["organisation_id"][0].as_py(), record)]
        assert person[("twin_sex", f"twin_sex-{i}")] != mine
        assert person[("twin_year", f"twin_year-{i}")] != mine
