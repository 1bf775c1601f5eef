"""Reading CSV, XLSX, JSON and Parquet files into an Arrow table of strings.

Every reader returns the same thing, a :class:`RawTable`: the header as the user wrote
it, one string column per header cell (null for an empty cell), and the row number the
user sees for each record. Typing and vocabularies come later (``convert``), so that a
bad value is reported rather than lost in a failed cast.

A problem that stops reading (an empty file, a workbook renamed ``.csv``, a JSON
document of the wrong shape...) raises :class:`UnreadableFile`, which carries the issue
to report.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

from palermo.errors import InputError
from palermo.intake.issues import Issue, IssueCode, make_issue
from palermo.intake.mapping import FileHints
from palermo.intake.sniff import (
    DESCRIPTIONS,
    SAMPLE_BYTES,
    declared_format,
    detect_delimiter,
    detect_encoding,
    first_undecodable_line,
    is_blank,
    read_header,
    sniff_format,
)
from palermo.standard import MULTI_SEPARATOR, fold

log = logging.getLogger(__name__)


class UnreadableFile(InputError):
    """The file cannot be read as a table at all; ``issue`` says why (and where)."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message, issues=[issue.to_dict()])
        self.issue = issue


@dataclass
class RawTable:
    """A file read as strings, before mapping and validation.

    Attributes:
        header: the column names as written in the file, in file order.
        table: one string column per header entry, in the same order (its own column
            names are positional and carry no meaning).
        row_numbers: for each record, the row the user sees in their file.
        format: csv, xlsx, json or parquet (from the content).
        encoding, delimiter, sheet: what was used to read the file, where relevant.
        issues: problems met while reading that did not stop it (malformed rows,
            duplicate or unnamed columns).
    """

    header: list[str]
    table: pa.Table
    row_numbers: pa.Array
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """The number of records."""
        return int(self.table.num_rows)


def _fail(
    code: IssueCode, lang: str, row: int | None = None, **params: Any
) -> NoReturn:
    raise UnreadableFile(make_issue(code, row=row, lang=lang, **params))


def read_raw(
    path: str | Path, hints: FileHints | None = None, *, lang: str = "en"
) -> RawTable:
    """Read a CSV, XLSX, JSON or Parquet file into strings, whatever its extension.

    The content decides the format; an extension (or ``hints.format``) that promises
    another format is an error, so that a mislabelled file is caught, not guessed at.

    Raises:
        InputError: the file does not exist.
        UnreadableFile: the file cannot be read as a table.
    """
    path = Path(path)
    hints = hints or FileHints()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"not a file: {path}") from None
    if size == 0 or (size <= SAMPLE_BYTES and is_blank(head)):
        _fail(IssueCode.FILE_EMPTY, lang)
    found = sniff_format(path, head)
    declared = hints.format or declared_format(path)
    if declared == "json" and found == "csv" and _is_json(head, size):
        found = "json"  # a bare JSON string or number: a shape error, reported later
    if declared is not None and declared != found:
        _fail(
            IssueCode.FILE_FORMAT_MISMATCH,
            lang,
            declared=declared.upper(),
            found=DESCRIPTIONS[found],
        )
    if found not in ("csv", "xlsx", "json", "parquet"):
        _fail(IssueCode.FILE_UNSUPPORTED_FORMAT, lang, found=DESCRIPTIONS[found])
    separator = hints.multi_separator or MULTI_SEPARATOR
    if found == "csv":
        raw = _read_csv(path, head, size, hints, lang)
    elif found == "xlsx":
        raw = _read_xlsx(path, hints, lang)
    elif found == "json":
        raw = _read_json(path, separator, lang)
    else:
        raw = _read_parquet(path, separator, lang)
    return _tidy(raw, lang)


def _is_json(head: bytes, size: int) -> bool:
    if size > len(head):
        return False
    try:
        json.loads(head.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return True


# --- CSV -------------------------------------------------------------------------


def csv_options(
    header: Sequence[str], encoding: str, delimiter: str, use_threads: bool = True
) -> tuple[pv.ReadOptions, pv.ParseOptions, pv.ConvertOptions]:
    """The pyarrow CSV options Palermo reads with: every column a string, empty = null.

    Blank lines are kept (as all-null rows, dropped later) so that row numbers stay
    those of the file. Public so that the benchmark parses with exactly these options.
    """
    names = [f"c{i}" for i in range(len(header))]
    read = pv.ReadOptions(
        column_names=names,
        skip_rows=1,
        encoding="utf8" if encoding in ("utf-8", "utf8") else encoding,
        use_threads=use_threads,
        block_size=1 << 24,
    )
    parse = pv.ParseOptions(
        delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
    )
    convert = pv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        null_values=[""],
    )
    return read, parse, convert


def sniff_csv(
    head: bytes, complete: bool, hints: FileHints, lang: str = "en"
) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and header of a CSV file from its first bytes."""
    encoding = hints.encoding or detect_encoding(head, complete)
    if encoding is None:
        _fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(head, "utf-8"),
            detail=" (it is neither UTF-8, Windows-1252 nor Latin-1)",
        )
    try:
        text = head.decode(encoding, errors="strict" if complete else "ignore")
    except UnicodeDecodeError:
        _fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(head, encoding),
            detail=f" as {encoding}",
        )
    if encoding == "utf-8" and not complete:
        # A strict check of the sample: "ignore" above only forgives a cut character.
        line = first_undecodable_line(head[: len(head) - 4], "utf-8")
        if line is not None:
            _fail(IssueCode.FILE_ENCODING, lang, row=line, detail=" as UTF-8")
    delimiter = hints.delimiter or detect_delimiter(text.lstrip("\ufeff"))
    return encoding, delimiter, read_header(text, delimiter)


def _read_csv(
    path: Path, head: bytes, size: int, hints: FileHints, lang: str
) -> RawTable:
    encoding, delimiter, header = sniff_csv(head, size <= len(head), hints, lang)
    bad_rows: list[tuple[int | None, int, int]] = []

    def skip_bad_row(row: Any) -> str:
        bad_rows.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    def read(use_threads: bool) -> pa.Table:
        read_opts, parse_opts, convert_opts = csv_options(
            header, encoding, delimiter, use_threads
        )
        parse_opts.invalid_row_handler = skip_bad_row
        return pv.read_csv(path, read_opts, parse_opts, convert_opts)

    try:
        table = read(use_threads=True)
        if any(number is None for number, _, _ in bad_rows):
            # Threaded parsing does not know row numbers; reread to find them.
            bad_rows.clear()
            table = read(use_threads=False)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        table = _csv_failure(path, encoding, error, lang)
    first = 2
    numbers = np.arange(first, first + table.num_rows + len(bad_rows), dtype=np.int64)
    issues = []
    if bad_rows:
        skipped = np.array([number for number, _, _ in bad_rows], dtype=np.int64)
        numbers = numbers[~np.isin(numbers, skipped)]
        issues = [
            make_issue(
                IssueCode.FILE_MALFORMED_ROW,
                row=number,
                lang=lang,
                found=actual,
                expected=expected,
            )
            for number, expected, actual in bad_rows
        ]
    return RawTable(
        header=header,
        table=table,
        row_numbers=pa.array(numbers),
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        issues=issues,
    )


def _csv_failure(path: Path, encoding: str, error: Exception, lang: str) -> NoReturn:
    # pyarrow's messages quote the offending text, which may be a name: never pass
    # them on. Say what went wrong in our own words.
    text = str(error)
    if isinstance(error, UnicodeDecodeError) or "UTF8" in text:
        data = path.read_bytes()
        _fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(data, encoding),
            detail=f" as {encoding}",
        )
    log.debug("CSV parse failure of %s (%s)", path.name, type(error).__name__)
    _fail(
        IssueCode.FILE_UNREADABLE,
        lang,
        format="CSV",
        detail="a quoted value is never closed, or the structure is broken",
    )


# --- XLSX ------------------------------------------------------------------------


def _read_xlsx(path: Path, hints: FileHints, lang: str) -> RawTable:
    import python_calamine  # a compiled reader: much faster than openpyxl

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet_name = _choose_sheet(workbook, hints, lang)
        sheet = workbook.get_sheet_by_name(sheet_name)
        rows = sheet.to_python()
        merged = sheet.merged_cell_ranges or []
        start_row = sheet.start[0] if sheet.start else 0
        start_col = sheet.start[1] if sheet.start else 0
    except UnreadableFile:
        raise
    except Exception as error:  # calamine raises its own exception types
        log.debug("XLSX failure of %s (%s)", path.name, type(error).__name__)
        _fail(IssueCode.FILE_UNREADABLE, lang, format="XLSX", detail="it is damaged")
    if not rows:
        _fail(IssueCode.FILE_EMPTY, lang)
    header_row = start_row + 1  # 1-based, as Excel numbers rows
    cells = [
        _cell_ref(a, b) + ":" + _cell_ref(c, d)
        for (a, b), (c, d) in merged
        if a <= start_row <= c
    ]
    if cells:
        _fail(
            IssueCode.FILE_MERGED_HEADER,
            lang,
            row=header_row,
            cells=", ".join(sorted(cells)),
        )
    header = [_cell_text(v) or "" for v in rows[0]]
    width = len(header)
    body = rows[1:]
    columns = [
        pa.array([_cell_text(r[i]) if i < len(r) else None for r in body], pa.string())
        for i in range(width)
    ]
    del start_col
    return RawTable(
        header=header,
        table=pa.table(columns, names=[f"c{i}" for i in range(width)]),
        row_numbers=pa.array(
            np.arange(header_row + 1, header_row + 1 + len(body), dtype=np.int64)
        ),
        format="xlsx",
        sheet=sheet_name,
    )


def _choose_sheet(workbook: Any, hints: FileHints, lang: str) -> str:
    names = [m.name for m in workbook.sheets_metadata]
    if hints.sheet is not None:
        if hints.sheet not in names:
            _fail(
                IssueCode.FILE_SHEET_NOT_FOUND,
                lang,
                sheet=hints.sheet,
                sheets=", ".join(names),
            )
        return str(hints.sheet)
    # Hidden sheets hold drop-down lists (as in Palermo's own template), not records.
    import python_calamine

    visible = [
        m.name
        for m in workbook.sheets_metadata
        if m.visible == python_calamine.SheetVisibleEnum.Visible
        and m.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    with_data: list[str] = [
        str(n) for n in visible if workbook.get_sheet_by_name(n).height > 0
    ]
    if len(with_data) == 1:
        return with_data[0]
    if not with_data:
        _fail(IssueCode.FILE_EMPTY, lang)
    # A sheet named after the record kind ("victims") is the one to read.
    kinds = {"victims", "suspects", "proceedings"}
    named = [n for n in with_data if fold(n) in kinds]
    if len(named) == 1:
        return named[0]
    _fail(IssueCode.FILE_SEVERAL_SHEETS, lang, sheets=", ".join(with_data))


def _cell_ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON value as the text a person would read in the cell."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --- JSON ------------------------------------------------------------------------


def _read_json(path: Path, separator: str, lang: str) -> RawTable:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(data, "utf-8-sig"),
            detail=" as UTF-8 (JSON must be UTF-8)",
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        # error.msg names the grammar rule, never the content.
        _fail(
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
            _fail(
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
                _fail(
                    IssueCode.FILE_JSON_SHAPE,
                    lang,
                    row=number,
                    found=f"a list whose record {number} nests an object in {key}",
                )
            if isinstance(value, list):
                value = separator.join(_cell_text(v) or "" for v in value) or None
            values.append(_cell_text(value))
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
            _fail(IssueCode.FILE_EMPTY, lang)
        return document
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        if not document["records"]:
            _fail(IssueCode.FILE_EMPTY, lang)
        return list(document["records"])
    if isinstance(document, dict):
        found = 'an object without a "records" list'
    else:
        found = _json_type(document)
    _fail(IssueCode.FILE_JSON_SHAPE, lang, found=found)


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


# --- Parquet ---------------------------------------------------------------------


def _read_parquet(path: Path, separator: str, lang: str) -> RawTable:
    try:
        source = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        log.debug("Parquet failure of %s (%s)", path.name, type(error).__name__)
        _fail(IssueCode.FILE_UNREADABLE, lang, format="Parquet", detail="it is damaged")
    columns = [_as_strings(column, separator) for column in source.columns]
    return RawTable(
        header=list(source.column_names),
        table=pa.table(columns, names=[f"c{i}" for i in range(len(columns))]),
        row_numbers=pa.array(np.arange(1, source.num_rows + 1, dtype=np.int64)),
        format="parquet",
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


# --- common ----------------------------------------------------------------------


def _tidy(raw: RawTable, lang: str) -> RawTable:
    """Drop blank rows and nameless empty columns; note duplicate and unnamed columns."""
    table = raw.table
    if table.num_columns:
        keep = pc.is_valid(table.column(0))
        for column in table.columns[1:]:
            keep = pc.or_(keep, pc.is_valid(column))
        if pc.sum(keep.cast(pa.int64())).as_py() != table.num_rows:
            table = table.filter(keep)
            raw.row_numbers = pc.filter(raw.row_numbers, keep)
    header, kept, issues = [], [], list(raw.issues)
    seen: set[str] = set()
    for position, name in enumerate(raw.header):
        name = name.strip()
        column = table.column(position)
        if not name:
            if column.null_count < len(column):
                issues.append(
                    make_issue(
                        IssueCode.COLUMN_UNNAMED,
                        row=None,
                        lang=lang,
                        position=position + 1,
                    )
                )
            continue
        if name in seen:
            issues.append(
                make_issue(IssueCode.COLUMN_DUPLICATE, column=name, lang=lang)
            )
            continue
        seen.add(name)
        header.append(name)
        kept.append(position)
    raw.table = table.select(kept).rename_columns([f"c{i}" for i in range(len(kept))])
    raw.header = header
    raw.issues = issues
    if raw.table.num_rows == 0:
        _fail(IssueCode.FILE_HEADER_ONLY, lang)
    return raw
