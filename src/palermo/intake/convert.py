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


def _translate(
    column: pa.Array, translations: dict[str, str]
) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Source labels -> (codes, given, invalid), computed once per distinct label.

    Labels are folded (case, accents, surrounding spaces), so a label of only spaces
    counts as not given.
    """
    encoded = pc.dictionary_encode(column)
    folded = [fold(label) for label in encoded.dictionary.to_pylist()]
    codes = pa.array([translations.get(f) for f in folded], pa.string())
    given = pa.array([f != "" for f in folded], pa.bool_())
    bad = pa.array([f != "" and f not in translations for f in folded], pa.bool_())
    indices = encoded.indices
    return (
        pc.take(codes, indices),
        pc.fill_null(pc.take(given, indices), False),
        pc.fill_null(pc.take(bad, indices), False),
    )


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
    """
    n = len(column)
    vocabulary = [*order, *(c for c in RESERVED_CODES if c not in order)]
    parts = pc.split_pattern(column, separator)
    rows = pc.list_parent_indices(parts).to_numpy()
    codes, given, bad = _translate(pc.list_flatten(parts), translations)
    position = pc.index_in(codes, value_set=pa.array(vocabulary))
    matched = pc.is_valid(position).to_numpy(zero_copy_only=False)
    # One row of booleans per record, one column per code: setting cells drops
    # repeats, and reading them back row by row gives code-list order.
    chosen = np.zeros((n, len(vocabulary)), dtype=bool)
    chosen[rows[matched], pc.drop_null(position).to_numpy()] = True
    chosen[~chosen.any(axis=1), vocabulary.index(UNKNOWN)] = True
    record, code = np.nonzero(chosen)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(record, minlength=n), out=offsets[1:])
    values = pa.array(np.array(vocabulary, dtype=object)[code], pa.string())
    lists = pa.ListArray.from_arrays(pa.array(offsets), values)
    row_given = np.zeros(n, dtype=bool)
    row_given[rows[given.to_numpy(zero_copy_only=False)]] = True
    invalid = np.zeros(n, dtype=bool)
    invalid[rows[bad.to_numpy(zero_copy_only=False)]] = True
    return Converted(
        lists, pa.array(row_given), pa.array(invalid), IssueCode.VALUE_UNKNOWN_CODE
    )


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
