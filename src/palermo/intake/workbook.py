"""Reading a worksheet of an XLSX workbook, with Excel's own row numbers."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from palermo.intake.issues import IssueCode
from palermo.intake.mapping import FileHints
from palermo.intake.raw import RawTable, UnreadableFile, fail
from palermo.standard import fold

log = logging.getLogger(__name__)


def read_xlsx(path: Path, hints: FileHints, lang: str) -> RawTable:
    import python_calamine  # a compiled reader: much faster than openpyxl

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet_name = _choose_sheet(workbook, hints, lang)
        sheet = workbook.get_sheet_by_name(sheet_name)
        rows = sheet.to_python()
        merged = sheet.merged_cell_ranges or []
        start_row = sheet.start[0] if sheet.start else 0
    except UnreadableFile:
        raise
    except Exception as error:  # calamine raises its own exception types
        log.debug("XLSX failure of %s (%s)", path.name, type(error).__name__)
        fail(IssueCode.FILE_UNREADABLE, lang, format="XLSX", detail="it is damaged")
    if not rows:
        fail(IssueCode.FILE_EMPTY, lang)
    header_row = start_row + 1  # 1-based, as Excel numbers rows
    cells = [
        _cell_ref(a, b) + ":" + _cell_ref(c, d)
        for (a, b), (c, d) in merged
        if a <= start_row <= c
    ]
    if cells:
        fail(
            IssueCode.FILE_MERGED_HEADER,
            lang,
            row=header_row,
            cells=", ".join(sorted(cells)),
        )
    header = [cell_text(v) or "" for v in rows[0]]
    width = len(header)
    body = rows[1:]
    columns = [
        pa.array([cell_text(r[i]) if i < len(r) else None for r in body], pa.string())
        for i in range(width)
    ]
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
            fail(
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
        fail(IssueCode.FILE_EMPTY, lang)
    # A sheet named after the record kind ("victims") is the one to read.
    kinds = {"victims", "suspects", "proceedings"}
    named = [n for n in with_data if fold(n) in kinds]
    if len(named) == 1:
        return named[0]
    fail(IssueCode.FILE_SEVERAL_SHEETS, lang, sheets=", ".join(with_data))


def _cell_ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def cell_text(value: Any) -> str | None:
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
