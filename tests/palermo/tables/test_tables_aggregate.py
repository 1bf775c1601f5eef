"""Counting persons into tables: totals, multi-valued forms, and the four states."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from tables_builders import person, persons_table, proceedings_table, suspects_table

from palermo.errors import InputError
from palermo.tables import CellStatus, compute_tables
from palermo.tables.model import Table


def _table(tables: list[Table], table_id: str) -> Table:
    return next(t for t in tables if t.spec.id == table_id)


def _cell(table: Table, **codes: str) -> dict[str, Any]:
    """The cell of ``table`` at ``codes`` (other broken-down dimensions at total)."""
    dims = ["EXPLOIT" if d == "EXPLOIT_ONCE" else d for d in table.spec.dims]
    wanted = {d: codes.get(d, "_T") for d in dims}
    matches = [c for c in table.cells if all(c[d] == v for d, v in wanted.items())]
    assert len(matches) == 1, wanted
    return matches[0]


PEOPLE = [
    person(sex="female", forms=["sexual", "labour"], orgs=["police", "ngo"]),
    person(sex="female", forms=["sexual"], orgs=["police"]),
    person(sex="male", forms=["labour", "begging"], orgs=["ngo"]),
    person(sex="male", forms=["unknown"], orgs=["police"], status="presumed"),
]


@pytest.fixture(scope="module")
def tables() -> list[Table]:
    return compute_tables(
        {"2024": persons_table(PEOPLE)}, period="2024", reporting_country="FR"
    )


def test_per_form_table_counts_each_person_once_per_form_and_once_in_the_total(
    tables: list[Table],
) -> None:
    table = _table(tables, "victims_by_form")
    assert _cell(table, EXPLOIT="SEX")["value"] == 2
    assert _cell(table, EXPLOIT="LAB")["value"] == 2
    assert _cell(table, EXPLOIT="OTH")["value"] == 1
    assert _cell(table, EXPLOIT="_U")["value"] == 1
    assert _cell(table)["value"] == 4  # persons, not person-forms (6)
    assert table.spec.counting_en.startswith("A person with several forms")


def test_once_per_person_table_adds_up_to_the_total(tables: list[Table]) -> None:
    table = _table(tables, "victims_by_form_once")
    rows = ["SEX", "LAB", "OTH", "MULTI", "_U"]
    values = {r: _cell(table, EXPLOIT=r)["value"] for r in rows}
    assert values == {"SEX": 1, "LAB": 0, "OTH": 0, "MULTI": 2, "_U": 1}
    assert sum(values.values()) == _cell(table)["value"] == 4


def test_organisation_tables_count_once_per_type_and_once_in_the_total(
    tables: list[Table],
) -> None:
    table = _table(tables, "victims_by_organisation_sex")
    assert _cell(table, REG_ORG="POLICE")["value"] == 3
    assert _cell(table, REG_ORG="NGO")["value"] == 2
    assert _cell(table)["value"] == 4
    assert _cell(table, REG_ORG="POLICE", SEX="F")["COUNTING"] == "PERS_ORG"
    assert _cell(table, SEX="F")["COUNTING"] == "PERS"


def test_every_exclusive_table_adds_up_along_each_dimension(
    tables: list[Table],
) -> None:
    table = _table(tables, "victims_by_sex")
    for status in ("IDENT", "PRES", "_T"):
        parts = sum(
            _cell(table, SEX=s, STATUS=status)["value"] for s in ("F", "M", "OTH", "_U")
        )
        assert parts == _cell(table, STATUS=status)["value"]


def test_true_zero_and_unknown_category_stay_distinct(tables: list[Table]) -> None:
    sex = _table(tables, "victims_by_sex")
    other = _cell(sex, SEX="OTH")
    assert (other["value"], other["status"]) == (0, CellStatus.ZERO)
    unknown_age = _cell(_table(tables, "victims_by_age"), AGE="_U")
    assert unknown_age["status"] == CellStatus.ZERO  # a category of its own, counted


def test_a_missing_year_in_a_trend_is_not_available_not_zero() -> None:
    by_period = {
        "2022": persons_table(PEOPLE),
        "2024": persons_table(PEOPLE + PEOPLE),
    }
    tables = compute_tables(by_period, period="2024", reporting_country="FR")
    trend = _table(tables, "victims_trend_by_status")
    gap = _cell(trend, TIME_PERIOD="2023")
    assert (gap["value"], gap["status"]) == (None, CellStatus.NOT_AVAILABLE)
    assert _cell(trend, TIME_PERIOD="2024")["value"] == 8
    assert _cell(trend, TIME_PERIOD="2022")["value"] == 4


def test_traffickers_are_counted_per_legal_status_and_proceedings_by_type() -> None:
    tables = compute_tables(
        {"2024": persons_table(PEOPLE)},
        period="2024",
        reporting_country="FR",
        suspects=suspects_table(
            [
                {"stage": "suspected", "citizenship": "RO"},
                {"stage": "convicted", "sex": "female"},
            ]
        ),
        proceedings=proceedings_table(["trial", "trial", "investigation"]),
    )
    by_ctz = _table(tables, "traffickers_by_citizenship")
    assert _cell(by_ctz, LEG_STAT="SUSP", CITIZEN="EU27_2020_FOR")["value"] == 1
    assert (
        _cell(_table(tables, "traffickers_by_sex"), LEG_STAT="CONV", SEX="F")["value"]
        == 1
    )
    assert _cell(_table(tables, "proceedings_by_type"), PROC_TYPE="TRIAL")["value"] == 2


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        (["sex"], "sex"),
        (["forms_of_exploitation"], "forms_of_exploitation"),
        (["age", "child"], "age or child"),
        (["citizenship", "citizenship_group"], "citizenship or citizenship_group"),
    ],
)
def test_it_names_the_missing_column_of_a_persons_table(
    dropped: list[str], named: str
) -> None:
    table = persons_table(PEOPLE).drop_columns(dropped)
    with pytest.raises(InputError, match=f"lacks {named}"):
        compute_tables({"2024": table}, period="2024", reporting_country="FR")


def test_it_derives_what_the_persons_contract_leaves_derivable() -> None:
    # Linkage's persons may carry citizenship without its group, and age or child
    # alone: the tables are the same.
    people = [*PEOPLE, person(citizenship="RO", age=16), person(citizenship="NG")]
    full = compute_tables(
        {"2024": persons_table(people)}, period="2024", reporting_country="FR"
    )
    for dropped in (["citizenship_group"], ["age"], ["child"]):
        table = persons_table(people).drop_columns(dropped)
        derived = compute_tables({"2024": table}, period="2024", reporting_country="FR")
        assert [t.cells for t in derived] == [t.cells for t in full], dropped


def test_without_status_or_organisation_types_they_are_unknown_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    table = persons_table(PEOPLE).drop_columns(["status", "organisation_types"])
    tables = compute_tables({"2024": table}, period="2024", reporting_country="FR")
    assert _cell(_table(tables, "victims_by_sex"), STATUS="_U")["value"] == 4
    by_org = _table(tables, "victims_by_organisation_sex")
    assert _cell(by_org, REG_ORG="_U")["value"] == 4
    assert "no column status" in caplog.text
    assert "no column organisation_types" in caplog.text


def test_it_refuses_ages_written_as_text() -> None:
    table = persons_table(PEOPLE)
    index = table.column_names.index("age")
    table = table.set_column(index, "age", pa.array(["30"] * table.num_rows))
    with pytest.raises(InputError, match="column age holds string"):
        compute_tables({"2024": table}, period="2024", reporting_country="FR")


def test_it_reports_codes_outside_the_standard_with_row_column_and_value() -> None:
    people = [person(), person(sex="F"), person(forms=["sexual", "pickpocketing"])]
    with pytest.raises(InputError) as error:
        compute_tables(
            {"2024": persons_table(people)}, period="2024", reporting_country="FR"
        )
    issues = error.value.issues
    assert {(i["row"], i["column"], i["value"]) for i in issues} == {
        (2, "sex", "F"),
        (3, "forms_of_exploitation", "pickpocketing"),
    }
    assert "female" in issues[0]["message"]


def test_it_refuses_forms_written_as_one_string() -> None:
    table = persons_table([person()])
    index = table.column_names.index("forms_of_exploitation")
    table = table.set_column(index, "forms_of_exploitation", pa.array(["sexual"]))
    with pytest.raises(InputError, match="list of codes"):
        compute_tables({"2024": table}, period="2024", reporting_country="FR")
