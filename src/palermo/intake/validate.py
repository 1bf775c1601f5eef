"""Read, map and validate a source file in one call: :func:`read_records`.

Validation never stops at the first problem: every rule runs over whole columns and
every issue is reported at once, each with the row the user sees in their file.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from palermo.intake.convert import (
    ISO_DATE_FORMATS,
    Converted,
    arrow_type,
    convert,
    empty_column,
)
from palermo.intake.issues import (
    Issue,
    IssueCode,
    ValidationReport,
    make_issue,
    sort_issues,
)
from palermo.intake.mapping import Mapping, load_mapping, plan_columns
from palermo.intake.readers import RawTable, UnreadableFile, read_raw
from palermo.intake.rules import RULES, Context, Finding
from palermo.standard import (
    MULTI_SEPARATOR,
    FieldType,
    Kind,
    encoded_identity_columns,
    fields_of,
)

# Issues listed per finding (one code on one column); the rest are counted. A file
# with a million wrong dates needs fixing once, not reading a million lines.
MAX_ISSUES_PER_FINDING = 1000


@dataclass(frozen=True)
class IntakeResult:
    """The outcome of reading one file.

    Attributes:
        report: every issue found.
        table: the normalised records (standard field names in standard order, typed)
            when the report has no error; None otherwise.
        format, encoding, delimiter, sheet: how the file was read.
    """

    report: ValidationReport
    table: pa.Table | None
    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def read_records(
    path: str | Path,
    kind: Kind | str,
    mapping: Mapping | str | Path | None = None,
    *,
    lang: str = "en",
    today: dt.date | None = None,
) -> IntakeResult:
    """Read a CSV, XLSX, JSON or Parquet file of one record kind and validate it.

    Args:
        path: the file; its content, not its extension, decides how it is read.
        kind: victims, suspects or proceedings.
        mapping: a :class:`Mapping` or the path of a YAML mapping file; None when the
            file already uses the standard's column names and codes.
        lang: language of the issue messages ("en" or "fr").
        today: dates after it are in the future (default: the real today).

    Returns:
        The validation report and, when it holds no error, the normalised table.

    Raises:
        InputError: the file or the mapping file does not exist, or the mapping is
            invalid or for another kind. Problems of the file's content are reported
            as issues, not raised.
    """
    kind = Kind(kind)
    if mapping is None:
        mapping = Mapping(kind=kind)
    elif not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    if mapping.kind != kind:
        from palermo.errors import InputError

        raise InputError(f"the mapping is for {mapping.kind}, not {kind}")
    try:
        raw = read_raw(path, mapping.file, lang=lang)
    except UnreadableFile as error:
        return IntakeResult(ValidationReport(0, (error.issue,)), None)
    return validate_raw(raw, mapping, lang=lang, today=today)


def validate_raw(
    raw: RawTable,
    mapping: Mapping,
    *,
    lang: str = "en",
    today: dt.date | None = None,
) -> IntakeResult:
    """Map and validate a file already read as strings (see :func:`read_records`)."""
    kind = mapping.kind
    fields = {f.name: f for f in fields_of(kind)}
    plan = plan_columns(raw.header, mapping)
    issues: list[Issue] = list(raw.issues)
    issues += _column_issues(plan.unknown, plan.twice, kind, lang)
    columns = dict(plan.names)
    n = raw.rows
    source: dict[str, pa.Array] = {}
    for name, position in plan.positions.items():
        source[name] = raw.table.column(position)
    for name, value in mapping.constants.items():
        if name in plan.positions:
            issues.append(
                make_issue(
                    IssueCode.COLUMN_CONSTANT_CONFLICT,
                    column=columns[name],
                    lang=lang,
                    field=name,
                )
            )
            continue
        source[name] = pa.repeat(pa.scalar(value, pa.string()), n)
        columns[name] = name
    for required in (f.name for f in fields.values() if f.required):
        if required not in source:
            issues.append(
                make_issue(
                    IssueCode.COLUMN_MISSING, column=required, lang=lang, field=required
                )
            )
    date_formats = _date_formats(mapping)
    separator = mapping.file.multi_separator or MULTI_SEPARATOR

    def convert_one(name: str) -> tuple[str, Converted]:
        target = fields[name]
        coded = target.type in (FieldType.CODE, FieldType.CODES)
        translations = mapping.translations(name) if coded else None
        return name, convert(
            target, source[name], translations, date_formats, separator
        )

    # Arrow kernels release the GIL: convert columns side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        converted = dict(pool.map(convert_one, source))
    typed = {
        name: converted[name].values if name in converted else empty_column(f, n)
        for name, f in fields.items()
    }
    context = Context(
        kind,
        fields,
        typed,
        source,
        converted,
        today or dt.date.today(),
        date_formats,
        lang,
    )
    for rule in RULES:
        if kind in rule.kinds:
            for finding in rule.check(context):
                issues += _issues_of(finding, context, columns, raw.row_numbers, lang)
    allowed = encoded_identity_columns(kind)
    issues += _column_issues(
        tuple(name for name in raw.encoded if name not in allowed), {}, kind, lang
    )
    report = ValidationReport(n, sort_issues(issues))
    table = None
    if report.is_valid:
        schema = pa.schema([pa.field(f.name, arrow_type(f)) for f in fields.values()])
        table = pa.Table.from_arrays(
            [typed[f].cast(schema.field(f).type) for f in fields], schema=schema
        )
        # Keyed encodings travel beside the standard fields, as they were written.
        for name, column in raw.encoded.items():
            table = table.append_column(name, column)
    return IntakeResult(
        report, table, raw.format, raw.encoding, raw.delimiter, raw.sheet
    )


def _date_formats(mapping: Mapping) -> tuple[str, ...]:
    custom = mapping.file.date_format
    if custom is None or custom in ISO_DATE_FORMATS:
        return ISO_DATE_FORMATS
    return (custom, *ISO_DATE_FORMATS)


def _column_issues(
    unknown: tuple[str, ...],
    twice: dict[str, tuple[str, ...]],
    kind: Kind,
    lang: str,
) -> list[Issue]:
    issues = [
        make_issue(IssueCode.COLUMN_UNKNOWN, column=name, lang=lang, kind=kind.value)
        for name in unknown
    ]
    issues += [
        make_issue(
            IssueCode.COLUMN_MAPPED_TWICE,
            column=names[1],
            lang=lang,
            field=name,
            columns=", ".join(names),
        )
        for name, names in twice.items()
    ]
    return issues


def _issues_of(
    finding: Finding,
    context: Context,
    columns: dict[str, str],
    row_numbers: pa.Array,
    lang: str,
) -> list[Issue]:
    """Issues for the rows a finding flags (the first MAX_ISSUES_PER_FINDING)."""
    if not pc.any(finding.mask).as_py():  # the common case, and cheap to check
        return []
    flagged = pc.indices_nonzero(pc.fill_null(finding.mask, False))
    count = len(flagged)
    shown = flagged.slice(0, MAX_ISSUES_PER_FINDING)
    rows = pc.take(row_numbers, shown).to_pylist()
    column = columns.get(finding.field, finding.field)
    target = context.fields[finding.field]
    source = context.source.get(finding.field)
    if target.identity or source is None:
        values: list[str | None] = [None] * len(shown)
    else:
        values = [
            (v.strip() or None) if v is not None else None
            for v in pc.take(source, shown).to_pylist()
        ]
    refs = {
        key: pc.take(row_numbers, pc.take(positions, shown)).to_pylist()
        for key, positions in finding.row_refs.items()
    }
    issues = [
        make_issue(
            finding.code,
            row=row,
            column=column,
            value=value,
            lang=lang,
            **finding.params,
            **{key: refs[key][i] for key in refs},
        )
        for i, (row, value) in enumerate(zip(rows, values, strict=True))
    ]
    if count > len(shown):
        issues.append(
            make_issue(
                IssueCode.REPORT_TRUNCATED,
                column=column,
                lang=lang,
                count=count - len(shown),
                issue=finding.code.value,
                shown=len(shown),
            )
        )
    return issues
