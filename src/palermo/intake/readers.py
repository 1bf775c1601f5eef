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

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import InputError
from palermo.intake.csvfile import read_csv
from palermo.intake.documents import read_json, read_parquet
from palermo.intake.issues import IssueCode, make_issue
from palermo.intake.mapping import FileHints
from palermo.intake.raw import RawTable, UnreadableFile, fail
from palermo.intake.sniff import (
    DESCRIPTIONS,
    SAMPLE_BYTES,
    declared_format,
    is_blank,
    sniff_format,
)
from palermo.intake.workbook import read_xlsx
from palermo.standard import MULTI_SEPARATOR

__all__ = ["RawTable", "UnreadableFile", "read_raw"]


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
        fail(IssueCode.FILE_EMPTY, lang)
    found = sniff_format(path, head)
    declared = hints.format or declared_format(path)
    if declared == "json" and found == "csv" and _is_json(head, size):
        found = "json"  # a bare JSON string or number: a shape error, reported later
    if declared is not None and declared != found:
        # Say which promise the content broke: the name, or the saved mapping (a
        # source that changed its export format must update the mapping, not rename).
        fail(
            IssueCode.FILE_MAPPING_FORMAT_MISMATCH
            if hints.format
            else IssueCode.FILE_FORMAT_MISMATCH,
            lang,
            declared=declared.upper(),
            found=DESCRIPTIONS[found],
        )
    if found not in ("csv", "xlsx", "json", "parquet"):
        fail(IssueCode.FILE_UNSUPPORTED_FORMAT, lang, found=DESCRIPTIONS[found])
    separator = hints.multi_separator or MULTI_SEPARATOR
    if found == "csv":
        raw = read_csv(path, head, size, hints, lang)
    elif found == "xlsx":
        raw = read_xlsx(path, hints, lang)
    elif found == "json":
        raw = read_json(path, separator, lang)
    else:
        raw = read_parquet(path, separator, lang)
    return _tidy(raw, lang)


def _is_json(head: bytes, size: int) -> bool:
    if size > len(head):
        return False
    try:
        json.loads(head.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return True


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
        fail(IssueCode.FILE_HEADER_ONLY, lang)
    return raw
