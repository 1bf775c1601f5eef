"""Rates per 100,000 inhabitants and shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tables_builders import person, persons_table

from palermo.errors import InputError
from palermo.tables import CellStatus, TablesConfig, build_tables, load_population
from palermo.tables.model import Table


def _row(table: Table, **codes: str) -> dict[str, Any]:
    return next(c for c in table.cells if all(c[k] == v for k, v in codes.items()))


def _people() -> list[dict[str, Any]]:
    return (
        [person(sex="female", age=30, citizenship="FR")] * 30
        + [person(sex="male", age=16, citizenship="RO")] * 10
        + [person(sex="unknown", age=40, citizenship="NG")] * 10
    )


def test_the_default_population_is_shipped_with_its_source_and_date() -> None:
    population = load_population()
    france = population.get("FR")
    assert france is not None
    assert (france.population, france.reference_date) == (68402000, "2024-01-01")
    assert "demo_gind" in france.source
    assert population.get("EL") is not None  # Eurostat's code for Greece


def test_rates_are_per_100000_of_the_population_and_say_their_denominator() -> None:
    result = build_tables(
        {"2024": persons_table(_people())}, period="2024", reporting_country="FR"
    )
    rates = result.table("victims_rate_by_sex")
    total = _row(rates, SEX="_T")
    assert total["value"] == pytest.approx(round(50 / 68402000 * 100000, 3))
    assert "68402000" in total["note"]
    assert "2024-01-01" in total["note"]
    assert _row(rates, SEX="_U")["status"] == CellStatus.NOT_APPLICABLE
    assert total["UNIT"] == "P_HTHAB"


def test_a_suppressed_count_gives_a_suppressed_rate() -> None:
    people = _people() + [person(sex="other")] * 2
    result = build_tables(
        {"2024": persons_table(people)}, period="2024", reporting_country="FR"
    )
    counts = result.table("victims_by_sex")
    assert _row(counts, SEX="OTH", STATUS="_T")["status"] == CellStatus.SUPPRESSED
    rate = _row(result.table("victims_rate_by_age"), AGE="Y_GE18")
    count = _row(result.table("victims_by_age"), AGE="Y_GE18", STATUS="_T")
    assert (rate["status"] == CellStatus.SUPPRESSED) == (
        count["status"] == CellStatus.SUPPRESSED
    )


def test_a_country_missing_from_the_population_file_has_rates_not_available(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(
        "geo,population,reference_date,source\nDE,83445000,2024-01-01,test\n"
    )
    result = build_tables(
        {"2024": persons_table(_people())},
        period="2024",
        reporting_country="FR",
        config=TablesConfig(population=str(path)),
    )
    assert (
        _row(result.table("victims_rate_by_sex"), SEX="_T")["status"]
        == CellStatus.NOT_AVAILABLE
    )


def test_sex_specific_denominators_are_used_when_the_file_has_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(
        "geo,population,reference_date,source,sex\n"
        "FR,1000000,2024-01-01,test,_T\nFR,600000,2024-01-01,test,F\n"
    )
    result = build_tables(
        {"2024": persons_table(_people())},
        period="2024",
        reporting_country="FR",
        config=TablesConfig(population=str(path)),
    )
    female = _row(result.table("victims_rate_by_sex"), SEX="F")
    assert female["value"] == pytest.approx(30 / 600000 * 100000)
    assert "matching group" in female["note"]


def test_a_bad_population_file_names_line_column_and_expectation(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pop.csv"
    path.write_text("geo,population,reference_date,source\nFR,many,2024-01-01,x\n")
    with pytest.raises(InputError) as error:
        load_population(path)
    assert "line 2" in error.value.message
    assert "population" in error.value.message
    assert error.value.issues[0]["value"] == "many"


def test_shares_leave_unknowns_out_of_the_denominator() -> None:
    result = build_tables(
        {"2024": persons_table(_people())}, period="2024", reporting_country="FR"
    )
    shares = result.table("victims_shares")
    assert _row(shares, SEX="F")["value"] == 75.0  # 30 of the 40 of known sex
    assert _row(shares, AGE="Y_LT18")["value"] == 20.0  # 10 of 50
    assert _row(shares, CITIZEN="EU27_2020")["value"] == 80.0  # FR + RO of 50
