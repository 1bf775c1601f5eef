"""FEBRL4 (5,000 + 5,000 records with known links) as two normalised victims tables.

FEBRL has no place of birth; its suburb plays that role here (a stable place name that
the generator mistypes like any other). Its social security number is the document
number. Records carry no sex, citizenship or forms of exploitation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from palermo.standard import FieldType, Kind, fields_of

FEBRL4 = Path(__file__).resolve().parents[2] / "data" / "febrl4"


def _date(text: str | None) -> date | None:
    if not text or len(text.strip()) != 8:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _table(path: Path, organisation: str) -> pa.Table:
    raw = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(),
        convert_options=pacsv.ConvertOptions(column_types={}, strings_can_be_null=True),
        read_options=pacsv.ReadOptions(),
    )
    raw = raw.rename_columns([c.strip() for c in raw.column_names])
    text = {
        c: [None if v is None else str(v).strip() or None for v in raw[c].to_pylist()]
        for c in raw.column_names
    }
    n = raw.num_rows
    values = {
        "source_record_id": text["rec_id"],
        "organisation_id": [organisation] * n,
        "organisation_type": ["other"] * n,
        "registration_date": [date(2025, 1, 1)] * n,
        "status": ["presumed"] * n,
        "given_names": text["given_name"],
        "family_names": text["surname"],
        "date_of_birth": [_date(v) for v in text["date_of_birth"]],
        "place_of_birth": text["suburb"],
        "document_number": text["soc_sec_id"],
    }
    arrays = {}
    for field in fields_of(Kind.VICTIMS):
        column = values.get(field.name)
        if field.type is FieldType.DATE:
            arrays[field.name] = pa.array(column or [None] * n, pa.date32())
        elif field.type is FieldType.INTEGER:
            arrays[field.name] = pa.array([None] * n, pa.int64())
        elif field.type is FieldType.CODES:
            arrays[field.name] = pa.array([["unknown"]] * n, pa.list_(pa.string()))
        elif field.type is FieldType.CODE:
            arrays[field.name] = pa.array(column or ["unknown"] * n, pa.string())
        else:
            arrays[field.name] = pa.array(column or [None] * n, pa.string())
    return pa.table(arrays)


def load_febrl4() -> tuple[list[pa.Table], pa.Table]:
    """The two FEBRL4 files and the truth (``source``, ``record_id``, ``person_id``)."""
    tables = [
        _table(FEBRL4 / "dataset4a.csv", "febrl4a"),
        _table(FEBRL4 / "dataset4b.csv", "febrl4b"),
    ]
    sources, ids, persons = [], [], []
    for table in tables:
        for organisation, record in zip(
            table["organisation_id"].to_pylist(),
            table["source_record_id"].to_pylist(),
            strict=True,
        ):
            sources.append(organisation)
            ids.append(record)
            persons.append(record.split("-")[1])
    truth = pa.table({"source": sources, "record_id": ids, "person_id": persons})
    return tables, truth
