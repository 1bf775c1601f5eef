"""A small builder of persons tables (the linkage output contract) for the tests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

PERSON_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("sex", pa.string()),
        ("age", pa.int64()),
        ("child", pa.string()),
        ("citizenship", pa.string()),
        ("citizenship_group", pa.string()),
        ("forms_of_exploitation", pa.list_(pa.string())),
        ("status", pa.string()),
        ("organisation_types", pa.list_(pa.string())),
        ("first_registration_date", pa.date32()),
        ("n_records", pa.int64()),
        ("cap_police", pa.int8()),
        ("cap_ngo", pa.int8()),
    ]
)

_GROUP = {"FR": "reporting_country", "DE": "other_eu", "RO": "other_eu", "NG": "non_eu"}


def person(
    sex: str = "female",
    age: int | None = 30,
    citizenship: str = "FR",
    forms: Sequence[str] = ("sexual",),
    status: str = "identified",
    orgs: Sequence[str] = ("police",),
) -> dict[str, Any]:
    """One person with sensible defaults; override what the test is about."""
    child = "unknown" if age is None else ("yes" if age < 18 else "no")
    return {
        "sex": sex,
        "age": age,
        "child": child,
        "citizenship": citizenship,
        "citizenship_group": _GROUP.get(citizenship, "unknown"),
        "forms_of_exploitation": list(forms),
        "status": status,
        "organisation_types": list(orgs),
    }


def persons_table(people: Sequence[dict[str, Any]]) -> pa.Table:
    """A persons table in the contract's layout from a list of :func:`person` dicts."""
    rows = []
    for i, p in enumerate(people):
        orgs = p["organisation_types"]
        rows.append(
            {
                "person_id": f"P{i:06d}",
                **p,
                "first_registration_date": date(2024, 1, 1),
                "n_records": len(orgs),
                "cap_police": int("police" in orgs),
                "cap_ngo": int("ngo" in orgs),
            }
        )
    return pa.Table.from_pylist(rows, schema=PERSON_SCHEMA)


def random_persons(n: int, seed: int = 0) -> pa.Table:
    """``n`` random persons with skewed categories (so some cells are small)."""
    rng = random.Random(seed)
    people = []
    for _ in range(n):
        forms = rng.choices(
            [["sexual"], ["labour"], ["begging"], ["sexual", "labour"], ["unknown"]],
            weights=[50, 30, 8, 5, 7],
        )[0]
        orgs = rng.choices(
            [
                ["police"],
                ["ngo"],
                ["police", "ngo"],
                ["labour_inspectorate"],
                ["court"],
            ],
            weights=[50, 25, 15, 8, 2],
        )[0]
        people.append(
            person(
                sex=rng.choices(["female", "male", "other", "unknown"], [60, 35, 1, 4])[
                    0
                ],
                age=rng.choice([None, 15, 16, 25, 34, 45]),
                citizenship=rng.choices(
                    ["FR", "DE", "RO", "NG", "unknown"], [40, 5, 15, 35, 5]
                )[0],
                forms=forms,
                status=rng.choices(["identified", "presumed"], [70, 30])[0],
                orgs=orgs,
            )
        )
    return persons_table(people)


def write_persons(
    table: pa.Table, path: Any, reporting_country: str = "FR", period: str = "2024"
) -> Any:
    """Write a persons table with the contract's Parquet key-value metadata."""
    meta = {
        b"reporting_country": reporting_country.encode(),
        b"reference_period": period.encode(),
    }
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path


def suspects_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    """Normalised suspect records with the columns the tables read."""
    return pa.Table.from_pylist(
        [
            {
                "source_record_id": f"S{i}",
                "organisation_id": "police-1",
                "organisation_type": "police",
                "stage": r.get("stage", "suspected"),
                "sex": r.get("sex", "male"),
                "citizenship": r.get("citizenship", "FR"),
            }
            for i, r in enumerate(rows)
        ]
    )


def proceedings_table(types: Sequence[str]) -> pa.Table:
    """Normalised proceeding records of the given types."""
    return pa.Table.from_pylist(
        [
            {"source_record_id": f"PR{i}", "proceeding_type": t}
            for i, t in enumerate(types)
        ]
    )


def grid_table(
    values: Sequence[Sequence[int]],
    rows: Sequence[str] = ("F", "M", "OTH", "_U"),
    columns: Sequence[str] = ("NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "_U"),
    table_id: str = "grid",
    column_dim: str = "CITIZEN",
) -> Any:
    """A victims table by sex and ``column_dim`` with the given inner counts and margins."""
    from palermo.tables.aggregate import base_key
    from palermo.tables.model import CellStatus, Dataflow, Table, TableSpec

    spec = TableSpec(table_id, Dataflow.VICTIMS, ("SEX", column_dim), "Grid", "Grille")
    cells = []
    n_rows, n_cols = len(values), len(values[0])
    full = [list(r) + [sum(r)] for r in values]
    full.append([sum(values[i][j] for i in range(n_rows)) for j in range(n_cols)])
    full[-1].append(sum(full[-1]))
    for i, sex in enumerate([*rows[:n_rows], "_T"]):
        for j, ctz in enumerate([*columns[:n_cols], "_T"]):
            cell = base_key(spec, "FR", "2024")
            value = full[i][j]
            cell.update(
                SEX=sex,
                **{column_dim: ctz},
                value=value,
                status=CellStatus.VALUE if value else CellStatus.ZERO,
            )
            cells.append(cell)
    return Table(spec, cells)
