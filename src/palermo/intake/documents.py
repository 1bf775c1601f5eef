"""Reading JSON (a list of records, {"records": [...]}, or JSON Lines) and Parquet."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from palermo.intake.issues import IssueCode
from palermo.intake.raw import RawTable, fail
from palermo.intake.sniff import first_undecodable_line
from palermo.intake.workbook import cell_text
from palermo.standard import ENCODED_FILTERS, ENCODED_TOKENS

log = logging.getLogger(__name__)


def read_json(path: Path, separator: str, lang: str) -> RawTable:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(data, "utf-8-sig"),
            detail=" as UTF-8 (JSON must be UTF-8)",
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        document = _json_lines(text)
        if document is None:
            # error.msg names the grammar rule, never the content.
            fail(
                IssueCode.FILE_UNREADABLE,
                lang,
                format="JSON",
                detail=f"{error.msg} at line {error.lineno}, column {error.colno}",
            )
    records = _json_records(document, lang)
    header: list[str] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            fail(
                IssueCode.FILE_JSON_SHAPE,
                lang,
                row=number,
                found=f"a list whose item {number} is {_json_type(record)}",
            )
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(key)
    columns = []
    for key in header:
        values = []
        for number, record in enumerate(records, start=1):
            value = record.get(key)
            if isinstance(value, dict):
                fail(
                    IssueCode.FILE_JSON_SHAPE,
                    lang,
                    row=number,
                    found=f"a list whose record {number} nests an object in {key}",
                )
            if isinstance(value, list):
                value = separator.join(cell_text(v) or "" for v in value) or None
            values.append(cell_text(value))
        columns.append(pa.array(values, pa.string()))
    return RawTable(
        header=header,
        table=pa.table(columns, names=[f"c{i}" for i in range(len(header))]),
        row_numbers=pa.array(np.arange(1, len(records) + 1, dtype=np.int64)),
        format="json",
    )


def _json_records(document: Any, lang: str) -> list[Any]:
    if isinstance(document, list):
        if not document:
            fail(IssueCode.FILE_EMPTY, lang)
        return document
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        if not document["records"]:
            fail(IssueCode.FILE_EMPTY, lang)
        return list(document["records"])
    if isinstance(document, dict):
        found = 'an object without a "records" list'
    else:
        found = _json_type(document)
    fail(IssueCode.FILE_JSON_SHAPE, lang, found=found)


def _json_lines(text: str) -> list[Any] | None:
    """JSON Lines (one object a line, as exports and log shippers write): the
    records, or None when the text is not that either."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return None
    try:
        return [json.loads(line) for line in lines]
    except json.JSONDecodeError:
        return None


def _json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), "null")


def read_parquet(path: Path, separator: str, lang: str) -> RawTable:
    try:
        source = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        log.debug("Parquet failure of %s (%s)", path.name, type(error).__name__)
        fail(IssueCode.FILE_UNREADABLE, lang, format="Parquet", detail="it is damaged")
    columns = []
    header = []
    encoded: dict[str, pa.ChunkedArray] = {}
    for name, column in zip(source.column_names, source.columns, strict=True):
        if name in ENCODED_FILTERS or name in ENCODED_TOKENS:
            encoded[name] = _encoding(name, column, lang)
            continue
        header.append(name)
        try:
            columns.append(_as_strings(column, separator))
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            fail(
                IssueCode.FILE_UNREADABLE,
                lang,
                format="Parquet",
                detail=f"column {name} holds {column.type}, not plain values",
            )
    return RawTable(
        header=header,
        table=pa.table(columns, names=[f"c{i}" for i in range(len(columns))]),
        row_numbers=pa.array(np.arange(1, source.num_rows + 1, dtype=np.int64)),
        format="parquet",
        encoded=encoded,
    )


def _encoding(name: str, column: pa.ChunkedArray, lang: str) -> pa.ChunkedArray:
    """A keyed encoding column as ``palermo encode`` writes it, or the file fails."""
    kind = column.type
    if name in ENCODED_FILTERS and (
        pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
        or pa.types.is_fixed_size_binary(kind)
    ):
        return column
    if name in ENCODED_TOKENS and pa.types.is_integer(kind):
        return column.cast(pa.int64())
    expected = "binary" if name in ENCODED_FILTERS else "64-bit integers"
    fail(
        IssueCode.FILE_UNREADABLE,
        lang,
        format="Parquet",
        detail=f"column {name} holds {kind}; an encoding holds {expected}",
    )


def _as_strings(column: pa.ChunkedArray, separator: str) -> pa.ChunkedArray:
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if pa.types.is_string(kind):
        return column
    if pa.types.is_large_string(kind):
        return column.cast(pa.string())
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "yes", "no")
    if pa.types.is_floating(kind):
        whole = pc.equal(column, pc.floor(column))
        return pc.if_else(
            whole,
            column.cast(pa.int64(), safe=False).cast(pa.string()),
            column.cast(pa.string()),
        )
    if pa.types.is_timestamp(kind):
        return column.cast(pa.string())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pc.binary_join(column.cast(pa.list_(pa.string())), separator)
    if pa.types.is_null(kind):
        return pa.chunked_array([pa.nulls(len(column), pa.string())])
    return column.cast(pa.string())
