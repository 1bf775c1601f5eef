"""Reading delimited text: encoding and delimiter detected, every column a string."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pyarrow as pa
import pyarrow.csv as pv

from palermo.intake.issues import IssueCode, make_issue
from palermo.intake.mapping import FileHints
from palermo.intake.raw import RawTable, fail
from palermo.intake.sniff import (
    detect_delimiter,
    detect_encoding,
    first_undecodable_line,
    read_header,
)

log = logging.getLogger(__name__)


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
        fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(head, "utf-8"),
            detail=" (it is neither UTF-8, Windows-1252 nor Latin-1)",
        )
    try:
        text = head.decode(encoding, errors="strict" if complete else "ignore")
    except UnicodeDecodeError:
        fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(head, encoding),
            detail=f" as {encoding}",
        )
    if encoding == "utf-8" and not complete:
        # A strict check of the sample: "ignore" above only forgives a cut character.
        line = first_undecodable_line(head[: len(head) - 4], "utf-8")
        if line is not None:
            fail(IssueCode.FILE_ENCODING, lang, row=line, detail=" as UTF-8")
    delimiter = hints.delimiter or detect_delimiter(text.lstrip("\ufeff"))
    return encoding, delimiter, read_header(text, delimiter)


def read_csv(
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
        fail(
            IssueCode.FILE_ENCODING,
            lang,
            row=first_undecodable_line(data, encoding),
            detail=f" as {encoding}",
        )
    log.debug("CSV parse failure of %s (%s)", path.name, type(error).__name__)
    fail(
        IssueCode.FILE_UNREADABLE,
        lang,
        format="CSV",
        detail="a quoted value is never closed, or the structure is broken",
    )
