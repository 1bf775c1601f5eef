"""Small source files, written the way source organisations write them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

TODAY = dt.date(2025, 6, 30)

HEADER = [
    "source_record_id",
    "organisation_id",
    "organisation_type",
    "registration_date",
    "status",
    "given_names",
    "family_names",
    "date_of_birth",
    "sex",
    "age",
    "child",
    "citizenship",
    "forms_of_exploitation",
]

ROWS = [
    ["v1", "ngo-lyon", "ngo", "2024-03-01", "presumed", "Ana", "Popescu",
     "1999-05-17", "female", "24", "no", "RO", "sexual"],
    ["v2", "ngo-lyon", "ngo", "2024-04-12", "identified", "Ion", "Ionescu",
     "2008-01-02", "male", "16", "yes", "MD", "labour;begging"],
    ["v3", "ngo-lyon", "ngo", "2024-05-20", "presumed", "", "",
     "", "", "", "", "", ""],
]  # fmt: skip

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows as delimited text in a given encoding; returns the path."""

    def write(
        rows: Sequence[Sequence[str]] = ROWS,
        header: Sequence[str] = HEADER,
        *,
        name: str = "victims.csv",
        delimiter: str = ",",
        encoding: str = "utf-8",
        bom: bool = False,
    ) -> Path:
        text = io.StringIO()
        csv.writer(text, delimiter=delimiter, lineterminator="\n").writerows(
            [header, *rows]
        )
        path = tmp_path / name
        data = text.getvalue().encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


def with_value(column: str, value: str, row: int = 0) -> list[list[str]]:
    """ROWS with one cell changed (row is an index into ROWS)."""
    rows = [list(r) for r in ROWS]
    rows[row][HEADER.index(column)] = value
    return rows
