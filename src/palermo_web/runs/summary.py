"""The dashboard's figures, computed once by the worker and stored with the run.

Pages only read this summary; they never count records. Counts below the disclosure
threshold are stored as suppressed (``count`` is ``None``), with secondary suppression
inside each breakdown so that its total cannot give a suppressed cell back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

# Eurostat's age bands for victims of trafficking.
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0-11", 0, 11),
    ("12-17", 12, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 200),
)

_AGE_CASE = (
    "CASE "
    + " ".join(
        f"WHEN age BETWEEN {lo} AND {hi} THEN '{name}'" for name, lo, hi in AGE_GROUPS
    )
    + " ELSE 'unknown' END"
)


def suppress(cells: list[tuple[str, int]], threshold: int) -> list[dict[str, Any]]:
    """Primary and secondary suppression of one breakdown.

    A count from 1 to ``threshold - 1`` is suppressed (a true zero is not). If exactly one
    cell is suppressed, the smallest other non-zero cell is suppressed too, so that the
    published total minus the others does not reveal it.
    """
    hidden = {label for label, count in cells if 0 < count < threshold}
    if len(hidden) == 1:
        others = sorted(
            (count, label)
            for label, count in cells
            if count > 0 and label not in hidden
        )
        if others:
            hidden.add(others[0][1])
    return [
        {
            "code": label,
            "count": None if label in hidden else count,
            "suppressed": label in hidden,
        }
        for label, count in cells
    ]


def _count_by(
    con: duckdb.DuckDBPyConnection, table: str, expression: str
) -> list[tuple[str, int]]:
    rows = con.execute(
        f"SELECT CAST({expression} AS VARCHAR) AS k, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return [(str(k) if k is not None else "unknown", int(n)) for k, n in rows]


def breakdowns(units: pa.Table, threshold: int) -> dict[str, list[dict[str, Any]]]:
    """Counts of persons (or victim records) by sex, age group, citizenship group, form."""
    con = duckdb.connect()
    try:
        con.register("units", units)
        names = set(units.column_names)
        result: dict[str, list[dict[str, Any]]] = {}
        if "sex" in names:
            result["sex"] = suppress(_count_by(con, "units", "sex"), threshold)
        if "age" in names:
            cells = dict(_count_by(con, "units", _AGE_CASE))
            order = [name for name, _lo, _hi in AGE_GROUPS] + ["unknown"]
            result["age_group"] = suppress(
                [(g, cells.get(g, 0)) for g in order], threshold
            )
        if "citizenship_group" in names:
            result["citizenship_group"] = suppress(
                _count_by(con, "units", "citizenship_group"), threshold
            )
        if "forms_of_exploitation" in names:
            # A person can suffer several forms: each form counts the person once.
            result["form_of_exploitation"] = suppress(
                _count_by(
                    con, "(SELECT UNNEST(forms_of_exploitation) AS f FROM units)", "f"
                ),
                threshold,
            )
        return result
    finally:
        con.close()


def capped(value: int, threshold: int) -> int | None:
    """A single headline count is suppressed like a cell."""
    return None if 0 < value < threshold else value


def organisations(records: Iterable[tuple[str, str, int]]) -> list[dict[str, Any]]:
    """Records by organisation and kind (not about persons, so not suppressed)."""
    return [
        {"organisation": org, "kind": kind, "records": n}
        for org, kind, n in sorted(records)
    ]
