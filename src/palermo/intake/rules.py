"""Validation rules: small named checks over whole columns, each with its issue codes.

A rule looks at the typed table (and the source strings) through a :class:`Context` and
returns :class:`Finding` objects: a boolean mask of the rows concerned, never a Python
loop over rows. ``validate`` turns findings into :class:`~palermo.intake.issues.Issue`
objects for the flagged rows only.

Rules for one record kind say so in ``kinds``; the others apply to every kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from palermo.intake.convert import Converted, duckdb_connection
from palermo.intake.issues import IssueCode
from palermo.standard import RESERVED_CODES, Field, FieldType, Kind, load_codelist

EARLIEST_DATE = dt.date(1900, 1, 1)
ADULT_AGE = 18
_SHORT_LIST = 15


@dataclass
class Context:
    """What rules see.

    Attributes:
        kind: the record kind.
        fields: the kind's fields by name.
        table: the typed, normalised columns by field name.
        source: the cleaned source strings by field name (fields the file has).
        converted: conversion results by field name (fields the file has).
        today: the date after which a date is in the future.
        date_formats: the strptime formats dates are read with.
        lang: the language of messages ("en" or "fr").
    """

    kind: Kind
    fields: dict[str, Field]
    table: dict[str, pa.Array]
    source: dict[str, pa.Array]
    converted: dict[str, Converted]
    today: dt.date
    date_formats: tuple[str, ...] = ()
    lang: str = "en"

    def has(self, *names: str) -> bool:
        """Whether the file gives every one of these fields."""
        return all(name in self.source for name in names)


@dataclass
class Finding:
    """Rows of one field that share one issue.

    Attributes:
        code: the issue code.
        field: the standard field the issue is reported on.
        mask: True on the rows concerned (nulls count as False).
        params: message parameters shared by every row.
        row_refs: per-row positions of another record (shown as its row number).
    """

    code: IssueCode
    field: str
    mask: pa.Array
    params: dict[str, object] = dataclasses.field(default_factory=dict)
    row_refs: dict[str, pa.Array] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A named check and the issue codes it may report."""

    name: str
    codes: tuple[IssueCode, ...]
    check: Callable[[Context], Iterator[Finding]]
    kinds: tuple[Kind, ...] = tuple(Kind)


def _unconvertible(ctx: Context) -> Iterator[Finding]:
    for name, result in ctx.converted.items():
        if result.invalid is None or result.failure is None:
            continue
        target = ctx.fields[name]
        params: dict[str, object] = {}
        if result.failure is IssueCode.VALUE_UNKNOWN_CODE and target.codelist:
            params = {
                "codelist": target.codelist,
                "expected": _expected(target, ctx.lang),
            }
        elif result.failure is IssueCode.VALUE_INVALID_DATE:
            shown = [f for f in ctx.date_formats if "%H" not in f]
            params = {"expected": " or ".join(_human(f) for f in shown)}
        yield Finding(result.failure, name, result.invalid, params)


def _expected(target: Field, lang: str) -> str:
    codelist = load_codelist(str(target.codelist))
    if len(codelist.values) <= _SHORT_LIST:
        return ", ".join([*codelist.values, *RESERVED_CODES])
    where = f"palermo standard codes {codelist.id}"
    return (
        f"l'un de ses codes ({where})"
        if lang == "fr"
        else f"one of its codes ({where})"
    )


def _human(strptime_format: str) -> str:
    return (
        strptime_format.replace("%Y", "YYYY")
        .replace("%m", "MM")
        .replace("%d", "DD")
        .replace("%H", "hh")
        .replace("%M", "mm")
        .replace("%S", "ss")
    )


def _required(ctx: Context) -> Iterator[Finding]:
    for name, result in ctx.converted.items():
        if ctx.fields[name].required:
            yield Finding(IssueCode.VALUE_REQUIRED, name, pc.invert(result.given))


def _bounds(ctx: Context) -> Iterator[Finding]:
    for name in ctx.source:
        target = ctx.fields[name]
        if target.type not in (FieldType.INTEGER, FieldType.NUMBER):
            continue
        values = ctx.table[name]
        if target.minimum is not None:
            yield Finding(
                IssueCode.VALUE_BELOW_MINIMUM,
                name,
                pc.less(values, target.minimum),
                {"minimum": _number(target.minimum)},
            )
        if target.maximum is not None:
            yield Finding(
                IssueCode.VALUE_ABOVE_MAXIMUM,
                name,
                pc.greater(values, target.maximum),
                {"maximum": _number(target.maximum)},
            )
        if target.warn_above is not None:
            above = pc.greater(values, target.warn_above)
            if target.maximum is not None:
                above = pc.and_(above, pc.less_equal(values, target.maximum))
            yield Finding(
                IssueCode.VALUE_IMPLAUSIBLE,
                name,
                above,
                {"limit": _number(target.warn_above)},
            )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _dates(ctx: Context) -> Iterator[Finding]:
    for name in ctx.source:
        if ctx.fields[name].type is not FieldType.DATE:
            continue
        values = ctx.table[name]
        yield Finding(
            IssueCode.VALUE_FUTURE_DATE,
            name,
            pc.greater(values, pa.scalar(ctx.today, pa.date32())),
            {"today": ctx.today.isoformat()},
        )
        yield Finding(
            IssueCode.VALUE_DATE_TOO_EARLY,
            name,
            pc.less(values, pa.scalar(EARLIEST_DATE, pa.date32())),
            {"earliest": EARLIEST_DATE.isoformat()},
        )


def _duplicate_ids(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("source_record_id"):
        return
    ids = ctx.table["source_record_id"]
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    # Hash the ids (DuckDB, vectorised) and sort the hashes: equal neighbours are the
    # only candidates. Exact comparison then runs on those few rows alone.
    hashes = _hashes(ids)
    ordered = np.sort(hashes)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if len(repeated) == 0:
        return
    positions = np.flatnonzero(
        np.isin(hashes, repeated) & pc.is_valid(ids).to_numpy(zero_copy_only=False)
    )
    flagged = np.zeros(len(ids), dtype=bool)
    first_of_row = np.zeros(len(ids), dtype=np.int64)
    first_seen: dict[str, int] = {}
    for position, value in zip(
        positions.tolist(), pc.take(ids, pa.array(positions)).to_pylist(), strict=True
    ):
        if value in first_seen:
            flagged[position] = True
            first_of_row[position] = first_seen[value]
        else:
            first_seen[value] = position
    yield Finding(
        IssueCode.RECORD_DUPLICATE_ID,
        "source_record_id",
        pa.array(flagged),
        row_refs={"first_row": pa.array(first_of_row)},
    )


def _hashes(values: pa.Array) -> np.ndarray:
    connection = duckdb_connection()
    connection.register("palermo_ids", pa.table({"value": values}))
    try:
        hashed = connection.sql("SELECT hash(value) AS h FROM palermo_ids")
        column = hashed.to_arrow_table().column("h")
    finally:
        connection.unregister("palermo_ids")
    return np.asarray(column.to_numpy())


def _birth(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("registration_date"):
        return
    registered = ctx.table["registration_date"]
    if ctx.has("date_of_birth"):
        yield Finding(
            IssueCode.RECORD_REGISTRATION_BEFORE_BIRTH,
            "registration_date",
            pc.less(registered, ctx.table["date_of_birth"]),
        )
    if ctx.has("birth_year"):
        yield Finding(
            IssueCode.RECORD_REGISTRATION_BEFORE_BIRTH,
            "registration_date",
            pc.less(pc.year(registered), ctx.table["birth_year"]),
        )


def _age_from_birth(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("age", "registration_date"):
        return
    age = ctx.table["age"]
    registered = ctx.table["registration_date"]
    if ctx.has("date_of_birth"):
        born = ctx.table["date_of_birth"]
        years = pc.years_between(born, registered)
        yield Finding(
            IssueCode.RECORD_AGE_CONTRADICTS_BIRTH,
            "age",
            pc.greater(pc.abs(pc.subtract(age, years)), 1),
        )
    elif ctx.has("birth_year"):
        years = pc.subtract(pc.year(registered), ctx.table["birth_year"])
        yield Finding(
            IssueCode.RECORD_AGE_CONTRADICTS_BIRTH,
            "age",
            pc.greater(pc.abs(pc.subtract(age, years)), 1),
        )


def _child_and_age(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("child", "age"):
        return
    child, age = ctx.table["child"], ctx.table["age"]
    yield Finding(
        IssueCode.RECORD_CHILD_FLAG_CONTRADICTS_AGE,
        "child",
        pc.and_(pc.equal(child, "no"), pc.less(age, ADULT_AGE)),
    )
    yield Finding(
        IssueCode.RECORD_CHILD_FLAG_ADULT_AGE,
        "child",
        pc.and_(pc.equal(child, "yes"), pc.greater_equal(age, ADULT_AGE)),
    )


def _proceeding_dates(ctx: Context) -> Iterator[Finding]:
    if ctx.has("start_date", "end_date"):
        yield Finding(
            IssueCode.RECORD_END_BEFORE_START,
            "end_date",
            pc.less(ctx.table["end_date"], ctx.table["start_date"]),
        )


def _compensation(ctx: Context) -> Iterator[Finding]:
    if ctx.has("compensation_awarded_eur", "compensation_paid_eur"):
        yield Finding(
            IssueCode.RECORD_PAID_EXCEEDS_AWARDED,
            "compensation_paid_eur",
            pc.greater(
                ctx.table["compensation_paid_eur"],
                ctx.table["compensation_awarded_eur"],
            ),
        )


C = IssueCode
RULES: tuple[Rule, ...] = (
    Rule(
        "values can be read",
        (
            C.VALUE_UNKNOWN_CODE,
            C.VALUE_INVALID_DATE,
            C.VALUE_INVALID_INTEGER,
            C.VALUE_INVALID_NUMBER,
        ),
        _unconvertible,
    ),
    Rule("required values are given", (C.VALUE_REQUIRED,), _required),
    Rule(
        "numbers are within bounds",
        (C.VALUE_BELOW_MINIMUM, C.VALUE_ABOVE_MAXIMUM, C.VALUE_IMPLAUSIBLE),
        _bounds,
    ),
    Rule(
        "dates are possible",
        (C.VALUE_FUTURE_DATE, C.VALUE_DATE_TOO_EARLY),
        _dates,
    ),
    Rule("record ids are unique", (C.RECORD_DUPLICATE_ID,), _duplicate_ids),
    Rule(
        "registration follows birth",
        (C.RECORD_REGISTRATION_BEFORE_BIRTH,),
        _birth,
        (Kind.VICTIMS,),
    ),
    Rule(
        "age agrees with birth",
        (C.RECORD_AGE_CONTRADICTS_BIRTH,),
        _age_from_birth,
        (Kind.VICTIMS,),
    ),
    Rule(
        "child flag agrees with age",
        (C.RECORD_CHILD_FLAG_CONTRADICTS_AGE, C.RECORD_CHILD_FLAG_ADULT_AGE),
        _child_and_age,
        (Kind.VICTIMS,),
    ),
    Rule(
        "proceedings end after they start",
        (C.RECORD_END_BEFORE_START,),
        _proceeding_dates,
        (Kind.PROCEEDINGS,),
    ),
    Rule(
        "compensation paid does not exceed compensation awarded",
        (C.RECORD_PAID_EXCEEDS_AWARDED,),
        _compensation,
        (Kind.PROCEEDINGS,),
    ),
)
