"""Writing simulated records as their organisations would send them, with mappings.

Every writer is deterministic: the same records give the same bytes (XLSX files are
zip archives with timestamps inside; those are fixed here).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml
from openpyxl import Workbook

from palermo.simulate.profiles import citizenships
from palermo.simulate.styles import ALPHA3, CODE, EN, FR, UPPER, UPPER_FAMILY, FileStyle
from palermo.standard import (
    NOT_APPLICABLE,
    STANDARD_VERSION,
    UNKNOWN,
    Field,
    FieldType,
    Kind,
    fields_of,
    load_codelist,
)

# Letters with no decomposition that a cp1252 file cannot hold; clerks write the base letter.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h"}
)
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _fits(text: str, encoding: str) -> str:
    """``text`` as a clerk would type it in a file of ``encoding`` (accents dropped only
    where the encoding has no such letter)."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text.translate(_PLAIN_LETTERS):
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(
                c
                for c in unicodedata.normalize("NFKD", char)
                if not unicodedata.combining(c)
            )
            out.append(base.encode(encoding, errors="ignore").decode(encoding))
    return "".join(out)


def _code_writer(
    field: Field, vocabulary: Any, style: FileStyle
) -> Callable[[str], str]:
    """A function writing one code of ``field`` in the style's vocabulary."""
    codelist = load_codelist(field.codelist) if field.codelist else None
    cache: dict[str, str] = {}

    def write(code: str) -> str:
        if code in cache:
            return cache[code]
        if code == UNKNOWN:
            value = style.unknown
        elif code == NOT_APPLICABLE:
            value = style.not_applicable
        elif isinstance(vocabulary, dict):
            value = vocabulary.get(code, code)
        elif vocabulary == ALPHA3:
            value = citizenships()[code].alpha3
        elif vocabulary in (EN, FR) and codelist is not None:
            value = codelist.label(code, vocabulary)
        else:
            value = code
        cache[code] = value
        return value

    return write


def render(records: pd.DataFrame, kind: Kind, style: FileStyle) -> dict[str, list[Any]]:
    """The records as the organisation writes them: its column -> its values.

    Values are Python objects: strings for codes and names, ``datetime.date`` for dates,
    int and float for numbers, tuples for several codes, None for blanks. Formatting for
    a file type happens in the writers.
    """
    fields = {f.name: f for f in fields_of(kind)}
    fields["birth_year"] = Field("birth_year", FieldType.INTEGER, "", "")
    out: dict[str, list[Any]] = {}
    for name, column in style.columns.items():
        field = fields[name]
        values = records[name].tolist()
        if field.type in (FieldType.CODE, FieldType.CODES):
            write = _code_writer(field, style.vocabulary.get(name, CODE), style)
            if field.type == FieldType.CODES:
                values = [tuple(write(c) for c in v) for v in values]
            else:
                values = [write(v) for v in values]
        elif field.type == FieldType.DATE:
            values = [_as_date(v) for v in values]
        elif field.type == FieldType.INTEGER:
            values = [None if _blank(v) else int(v) for v in values]
        elif field.type == FieldType.NUMBER:
            values = [None if _blank(v) else float(v) for v in values]
        elif (name == "family_names" and style.names in (UPPER, UPPER_FAMILY)) or (
            name == "given_names" and style.names == UPPER
        ):
            values = [v.upper() if isinstance(v, str) else v for v in values]
        if style.format == "csv" and style.encoding.lower() != "utf-8":
            values = [
                _fits(v, style.encoding) if isinstance(v, str) else v for v in values
            ]
        out[column] = values
    return out


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or value is pd.NaT
    )


def _as_date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return pd.Timestamp(value).date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _text(value: Any, style: FileStyle) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return style.multi_separator.join(v for v in value if v)
    if isinstance(value, date):
        return value.strftime(style.date_format)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write_source_file(path: Path, rows: dict[str, list[Any]], style: FileStyle) -> int:
    """Write rendered records in the style's format; returns the number of records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = list(rows)
    count = len(rows[columns[0]]) if columns else 0
    records = [[rows[c][i] for c in columns] for i in range(count)]
    if style.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=style.delimiter, lineterminator=style.line_end
        )
        writer.writerow(columns)
        writer.writerows([[_text(v, style) for v in record] for record in records])
        path.write_bytes(buffer.getvalue().encode(style.encoding))
    elif style.format == "json":
        data = [
            {c: _json_value(v, style) for c, v in zip(columns, record, strict=True)}
            for record in records
        ]
        path.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    elif style.format == "xlsx":
        _write_xlsx(path, columns, records, style)
    else:
        raise ValueError(f"unknown file format {style.format!r}")
    return count


def _json_value(value: Any, style: FileStyle) -> Any:
    if isinstance(value, tuple):
        return [v for v in value if v] or None
    if isinstance(value, date):
        return value.strftime(style.date_format)
    if value == "":
        return None
    return value


def _write_xlsx(
    path: Path, columns: list[str], records: list[list[Any]], style: FileStyle
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(style.sheet or "Sheet1")
    sheet.append(columns)
    for record in records:
        sheet.append(
            [
                style.multi_separator.join(v for v in value if v)
                if isinstance(value, tuple)
                else (None if value == "" else value)
                for value in record
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, inside (document properties) and out."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2000-01-01T00:00:00Z",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def mapping_for(
    style: FileStyle, kind: Kind, organisation_id: str, organisation_type: str
) -> dict[str, Any]:
    """The intake mapping (YAML contents) that brings the style's files to the standard."""
    fields = {f.name: f for f in fields_of(kind)}
    hints: dict[str, Any] = {"format": style.format}
    if style.format == "csv":
        hints.update(delimiter=style.delimiter, encoding=style.encoding)
    if style.format != "xlsx":
        hints["date_format"] = style.date_format
    if style.format != "json":
        hints["multi_separator"] = style.multi_separator
    if style.format == "xlsx":
        hints["sheet"] = style.sheet
    values: dict[str, dict[str, str]] = {}
    for name, vocabulary in style.vocabulary.items():
        table: dict[str, str] = {}
        if isinstance(vocabulary, dict):
            table.update({own: code for code, own in vocabulary.items()})
        elif vocabulary == ALPHA3:
            table.update({c.alpha3: c.code for c in citizenships().values()})
        field = fields.get(name)
        if field is not None and field.type in (FieldType.CODE, FieldType.CODES):
            if style.unknown:
                table.setdefault(style.unknown, UNKNOWN)
            if style.not_applicable:
                table.setdefault(style.not_applicable, NOT_APPLICABLE)
        if table:
            values[name] = table
    return {
        "standard_version": STANDARD_VERSION,
        "kind": kind.value,
        "file": hints,
        "columns": {column: name for name, column in style.columns.items()},
        "constants": {
            "organisation_id": organisation_id,
            "organisation_type": organisation_type,
        },
        "values": values,
    }


def write_mapping(path: Path, mapping: dict[str, Any], organisation: str) -> None:
    """Write a mapping file with a header saying whose files it reads."""
    header = (
        f"# Mapping of {organisation}'s {mapping['kind']} files to the Palermo standard "
        f"{mapping['standard_version']}.\n"
    )
    body = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


_ARROW_TYPES = {
    FieldType.STRING: pa.string(),
    FieldType.CODE: pa.string(),
    FieldType.CODES: pa.list_(pa.string()),
    FieldType.DATE: pa.date32(),
    FieldType.INTEGER: pa.int64(),
    FieldType.NUMBER: pa.float64(),
}


def _arrow_column(values: pd.Series, field: Field) -> pa.Array:
    kind = _ARROW_TYPES[field.type]
    if field.type == FieldType.DATE:
        if values.dtype == object:
            dates = [_as_date(v) for v in values]
            return pa.array(dates, type=kind)
        return pa.array(
            values.to_numpy(dtype="datetime64[D]"), type=kind, from_pandas=True
        )
    if field.type == FieldType.CODES:
        return pa.array([list(v) for v in values], type=kind)
    if field.type == FieldType.INTEGER:
        return pa.array(values.astype("Int64"), type=kind, from_pandas=True)
    return pa.array(values, type=kind, from_pandas=True)


def standard_table(
    records: pd.DataFrame, kind: Kind, organisation_id: str, organisation_type: str
) -> pa.Table:
    """Records as a table of the standard (the layout intake produces), for
    ``file_format="parquet"``."""
    columns: dict[str, pa.Array] = {}
    n = len(records)
    for field in fields_of(kind):
        if field.name == "organisation_id":
            columns[field.name] = pa.array([organisation_id] * n, pa.string())
        elif field.name == "organisation_type":
            columns[field.name] = pa.array([organisation_type] * n, pa.string())
        elif field.name in records:
            columns[field.name] = _arrow_column(records[field.name], field)
        elif field.type == FieldType.CODES:
            columns[field.name] = pa.array([[UNKNOWN]] * n, _ARROW_TYPES[field.type])
        else:
            value = UNKNOWN if field.type == FieldType.CODE else None
            columns[field.name] = pa.array([value] * n, _ARROW_TYPES[field.type])
    return pa.table(columns)


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write a table to Parquet without creation metadata that would change the bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")


def write_table_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write a truth table as UTF-8 CSV with ',' and Unix line ends (through Arrow,
    which is fast at a million rows and writes dates as ISO dates)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, column in enumerate(table.schema):
        if pa.types.is_timestamp(column.type):
            table = table.set_column(i, column.name, table.column(i).cast(pa.date32()))
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(table, path, write_options=options)


__all__ = [
    "mapping_for",
    "render",
    "standard_table",
    "write_mapping",
    "write_parquet",
    "write_source_file",
    "write_table_csv",
]
