"""The SQL steps, each run on its own on DuckDB."""

from __future__ import annotations

import duckdb
import pyarrow as pa
from tables_builders import person, persons_table

from palermo.tables.dims import victim_specs
from palermo.tables.steps import fetch_counts, person_steps, run_steps, table_step


def _connection(people: list[dict[str, object]]) -> duckdb.DuckDBPyConnection:
    table = persons_table(people)
    table = table.append_column("period", pa.array(["2024"] * table.num_rows))
    con = duckdb.connect()
    con.register("persons_input", table)
    run_steps(con, person_steps())
    return con


def test_it_codes_persons_with_eurostat_codes() -> None:
    con = _connection(
        [
            person(sex="female", age=15, citizenship="FR", status="identified"),
            person(sex="unknown", age=None, citizenship="NG", status="presumed"),
        ]
    )
    rows = con.execute(
        "SELECT STATUS, SEX, AGE, CITIZEN FROM persons_coded ORDER BY pk"
    ).fetchall()
    assert rows == [
        ("IDENT", "F", "Y_LT18", "NAT"),
        ("PRES", "_U", "_U", "NEU27_2020_FOR"),
    ]


def test_it_counts_a_person_once_per_form_group_and_drops_unknown_beside_known() -> (
    None
):
    con = _connection(
        [
            person(forms=["begging", "criminal_activities", "unknown"]),
            person(forms=["sexual", "labour"]),
            person(forms=["unknown"]),
        ]
    )
    forms = con.execute(
        "SELECT pk, EXPLOIT FROM person_forms ORDER BY pk, EXPLOIT"
    ).fetchall()
    assert forms == [(1, "OTH"), (2, "LAB"), (2, "SEX"), (3, "_U")]
    once = con.execute(
        "SELECT pk, EXPLOIT_ONCE FROM person_form_once ORDER BY pk"
    ).fetchall()
    assert once == [(1, "OTH"), (2, "MULTI"), (3, "_U")]


def test_the_table_step_counts_margins_once_per_person() -> None:
    con = _connection(
        [
            person(sex="female", forms=["sexual", "labour"]),
            person(sex="male", forms=["labour"]),
        ]
    )
    spec = next(s for s in victim_specs() if s.id == "victims_by_form")
    counts = fetch_counts(con, table_step(spec, "2024"), spec.dims)
    assert counts[("SEX", "_T")] == 1
    assert counts[("LAB", "_T")] == 2
    assert counts[("_T", "_T")] == 2  # two persons, although three person-forms


def test_persons_alike_are_counted_as_one_profile_of_their_number() -> None:
    # Two alike (their forms in another order), one apart: two profiles, and the
    # margins still count three persons, each once.
    con = _connection(
        [
            person(sex="female", forms=["sexual", "labour"]),
            person(sex="female", forms=["labour", "sexual"]),
            person(sex="male", forms=["labour"]),
        ]
    )
    weights = con.execute("SELECT w FROM person_profiles ORDER BY pk").fetchall()
    assert weights == [(2,), (1,)]
    spec = next(s for s in victim_specs() if s.id == "victims_by_form")
    counts = fetch_counts(con, table_step(spec, "2024"), spec.dims)
    assert counts[("SEX", "_T")] == 2
    assert counts[("LAB", "_T")] == 3
    assert counts[("_T", "_T")] == 3
