"""From source strings to the standard's typed columns, vectorised.

Each converter takes one Arrow string column as read (empty cells null, spaces not yet
trimmed) and returns the typed column, which values were given, and which of those
could not be converted. Work is done on whole Arrow arrays (pyarrow.compute), with a
fast path for clean files (a plain cast) and a careful path that trims, parses with
DuckDB and finds the bad values only when the fast path fails. Code lists are
translated once per distinct value, not once per row.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from palermo.intake.issues import IssueCode
from palermo.standard import (
    RESERVED_CODES,
    UNKNOWN,
    Field,
    FieldType,
    fold,
    load_codelist,
)

# Dates are ISO 8601; Excel and Parquet timestamps arrive with a time, which is dropped.
ISO_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

_INTEGER = r"^[+-]?\d{1,15}(\.0*)?$"
_NUMBER = r"^[+-]?(\d{1,18}(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$"
_NULL = pa.scalar(None, pa.string())


@dataclass(frozen=True)
class Converted:
    """A typed column, which values were given, and which failed to convert.

    Attributes:
        values: the typed column (nulls where the source was empty or invalid).
        given: True where the source cell holds something besides spaces.
        invalid: True where a value was given but could not be read (None: none).
        failure: the issue code to report for invalid values.
    """

    values: pa.Array
    given: pa.Array
    invalid: pa.Array | None = None
    failure: IssueCode | None = None


def clean(column: pa.Array) -> pa.Array:
    """Trim surrounding whitespace; a cell of only spaces is empty (null)."""
    trimmed = pc.utf8_trim_whitespace(column)
    blank = pc.equal(pc.binary_length(trimmed), 0)
    if pc.any(blank).as_py():
        return pc.if_else(blank, _NULL, trimmed)
    return trimmed


def convert(
    field: Field,
    column: pa.Array,
    translations: dict[str, str] | None = None,
    date_formats: tuple[str, ...] = ISO_DATE_FORMATS,
    separator: str = ";",
) -> Converted:
    """Convert one string column, as read, to the type of ``field``."""
    if field.type is FieldType.STRING:
        cleaned = clean(column)
        return Converted(cleaned, pc.is_valid(cleaned))
    if field.type is FieldType.CODE:
        return convert_code(column, translations or {})
    if field.type is FieldType.CODES:
        order = load_codelist(str(field.codelist)).values
        return convert_codes(column, translations or {}, separator, order)
    if field.type is FieldType.DATE:
        return convert_date(column, date_formats)
    if field.type is FieldType.INTEGER:
        return convert_integer(column)
    return convert_number(column)


# pyarrow has no type hints: a column is an Array or a ChunkedArray.
Column: TypeAlias = Any


def _encode(column: Column) -> tuple[pa.Array, Column]:
    """The distinct values of a column and, for each row, its index among them.

    Chunked columns (as the CSV reader makes them) share one dictionary across chunks,
    so they are encoded without first being copied into one array.
    """
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.Array):
        return encoded.dictionary, encoded.indices
    if encoded.num_chunks == 0:
        return pa.array([], pa.string()), pa.array([], pa.int32())
    dictionary = encoded.chunk(encoded.num_chunks - 1).dictionary
    indices = pa.chunked_array([c.indices for c in encoded.chunks], pa.int32())
    return dictionary, indices


def _translate(
    column: pa.Array, translations: dict[str, str]
) -> tuple[pa.Array, pa.Array, pa.Array | None]:
    """Source labels -> (codes, given, invalid), worked out once per distinct label.

    Labels are folded (case, accents, surrounding spaces), so a label of only spaces
    counts as not given. ``invalid`` is None when every label is known.
    """
    dictionary, indices = _encode(column)
    folded = [fold(label) for label in dictionary.to_pylist()]
    codes = pc.take(
        pa.array([translations.get(f) for f in folded], pa.string()), indices
    )
    blank = [f == "" for f in folded]
    bad = [f != "" and f not in translations for f in folded]
    given = pc.is_valid(indices)
    if any(blank):
        given = pc.and_(given, pc.invert(pc.take(pa.array(blank), indices)))
    if not any(bad):
        return codes, given, None
    return codes, given, pc.fill_null(pc.take(pa.array(bad), indices), False)


def convert_code(column: pa.Array, translations: dict[str, str]) -> Converted:
    """One code per value; empty is unknown."""
    codes, given, invalid = _translate(column, translations)
    return Converted(
        pc.fill_null(codes, UNKNOWN), given, invalid, IssueCode.VALUE_UNKNOWN_CODE
    )


def convert_codes(
    column: pa.Array,
    translations: dict[str, str],
    separator: str,
    order: Sequence[str],
) -> Converted:
    """Several codes per value, split on ``separator``.

    Each list comes out in code-list ``order`` with repeated codes once, so that equal
    sets compare equal. An empty value, or one of only separators, is ``["unknown"]``.
    Work is done once per distinct value (a file holds few combinations of forms),
    then spread to the rows by one vectorised ``take``.
    """
    rank = {code: i for i, code in enumerate([*order, *RESERVED_CODES])}
    dictionary, indices = _encode(column)
    lists: list[list[str]] = []
    given: list[bool] = []
    bad: list[bool] = []
    for value in dictionary.to_pylist():
        labels = [fold(part) for part in value.split(separator)]
        labels = [label for label in labels if label]
        codes = {translations[label] for label in labels if label in translations}
        lists.append(sorted(codes, key=rank.__getitem__) or [UNKNOWN])
        given.append(bool(labels))
        bad.append(any(label not in translations for label in labels))
    # A null index (empty cell) takes a null list: make it ["unknown"] like the rest.
    lists.append([UNKNOWN])
    indices = pc.fill_null(indices, len(lists) - 1)
    values = pc.take(pa.array(lists, pa.list_(pa.string())), indices)
    row_given = pc.take(pa.array([*given, False]), indices)
    invalid = pc.take(pa.array([*bad, False]), indices) if any(bad) else None
    return Converted(values, row_given, invalid, IssueCode.VALUE_UNKNOWN_CODE)


_local = threading.local()


def duckdb_connection() -> duckdb.DuckDBPyConnection:
    """This thread's in-memory DuckDB connection."""
    # Opening DuckDB costs ~0.1 s, more than parsing a small file: keep one in-memory
    # connection per thread (a connection must not be shared between threads).
    connection: duckdb.DuckDBPyConnection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = duckdb.connect()
        _local.connection = connection
    return connection


def convert_date(column: pa.Array, formats: tuple[str, ...]) -> Converted:
    """Dates in any of ``formats``; impossible dates (30 February) are invalid."""
    if formats[0] == ISO_DATE_FORMATS[0]:
        try:  # the fast path: every value a clean ISO date (Arrow checks the day)
            return Converted(pc.cast(column, pa.date32()), pc.is_valid(column))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    cleaned = clean(column)
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in formats)
    connection = duckdb_connection()
    connection.register("palermo_dates", pa.table({"value": cleaned}))
    try:
        dates = (
            connection.sql(
                f"SELECT try_strptime(value, [{listed}])::DATE AS value "
                "FROM palermo_dates"
            )
            .to_arrow_table()
            .column("value")
            .combine_chunks()
        )
    finally:
        connection.unregister("palermo_dates")
    given = pc.is_valid(cleaned)
    invalid = pc.and_(given, pc.is_null(dates))
    return Converted(dates, given, invalid, IssueCode.VALUE_INVALID_DATE)


def convert_integer(column: pa.Array) -> Converted:
    """Whole numbers; ``25.0`` (as spreadsheets write them) is 25."""
    try:
        return Converted(pc.cast(column, pa.int64()), pc.is_valid(column))
    except pa.ArrowInvalid:
        pass
    cleaned = clean(column)
    ok = pc.match_substring_regex(cleaned, _INTEGER)
    digits = pc.replace_substring_regex(cleaned, r"\.0*$", "")
    values = pc.if_else(ok, digits, _NULL).cast(pa.int64())
    given = pc.is_valid(cleaned)
    invalid = pc.and_(given, pc.invert(pc.fill_null(ok, False)))
    return Converted(values, given, invalid, IssueCode.VALUE_INVALID_INTEGER)


def convert_number(column: pa.Array) -> Converted:
    """Decimal numbers with a point as decimal separator."""
    cleaned = clean(column)
    ok = pc.match_substring_regex(cleaned, _NUMBER)
    values = pc.if_else(ok, cleaned, _NULL).cast(pa.float64())
    given = pc.is_valid(cleaned)
    invalid = pc.and_(given, pc.invert(pc.fill_null(ok, False)))
    return Converted(values, given, invalid, IssueCode.VALUE_INVALID_NUMBER)


def empty_column(field: Field, n: int) -> pa.Array:
    """The typed column of a field the file does not have: all unknown."""
    if field.type is FieldType.CODE:
        return pa.repeat(pa.scalar(UNKNOWN), n)
    if field.type is FieldType.CODES:
        offsets = pa.array(np.arange(n + 1, dtype=np.int32))
        return pa.ListArray.from_arrays(offsets, pa.repeat(pa.scalar(UNKNOWN), n))
    return pa.nulls(n, arrow_type(field))


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type of a field in the normalised table."""
    return {
        FieldType.STRING: pa.string(),
        FieldType.CODE: pa.string(),
        FieldType.CODES: pa.list_(pa.string()),
        FieldType.DATE: pa.date32(),
        FieldType.INTEGER: pa.int64(),
        FieldType.NUMBER: pa.float64(),
    }[field.type]
