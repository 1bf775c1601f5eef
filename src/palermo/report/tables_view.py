"""The published tables laid out for reading: rows by columns, with flags and footnotes.

Cells show exactly what the package publishes: the number, a true zero as ``0``, and
Eurostat's symbols for the rest — ``C`` withheld for confidentiality, ``:`` not
available, ``m`` not applicable (cannot exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from palermo.report.i18n import Lang
from palermo.report.published import (
    NOT_APPLICABLE_STATUS,
    NOT_AVAILABLE,
    SUPPRESSED,
    TOTAL,
    Cell,
    Publication,
    PublishedTable,
)

SYMBOLS = {SUPPRESSED: "C", NOT_AVAILABLE: ":", NOT_APPLICABLE_STATUS: "m"}


@dataclass(frozen=True)
class ViewCell:
    """A cell as shown: its text and its published state (for styling and tests)."""

    text: str
    status: str
    value: float | None = None


@dataclass
class TableView:
    """A published table as an HTML table.

    Attributes:
        id, title: the table's id and title.
        corner: the header of the row labels.
        columns: the column headers.
        rows: (row header, cells) pairs.
        notes: the footnotes: the counting rule, the unit, the symbols used.
    """

    id: str
    title: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[ViewCell]]]
    notes: list[str] = field(default_factory=list)


def cell_text(cell: Cell | None, table: PublishedTable, lang: Lang) -> ViewCell:
    """A cell's text: its number formatted for the language, or its symbol."""
    if cell is None:
        return ViewCell("", "absent")
    if not cell.is_published:
        return ViewCell(SYMBOLS.get(cell.status, "?"), cell.status)
    value = cell.value or 0.0
    if table.unit == "NR":
        text = lang.integer(value)
    elif table.unit == "PC":
        text = lang.decimal(value, 1)
    else:
        text = lang.decimal(value, 2)
    return ViewCell(text, cell.status, value)


def _ordered(codes: list[str]) -> list[str]:
    """Categories first, then unknown, then the total (as Eurostat lays tables out)."""
    return sorted(codes, key=lambda c: (c == TOTAL, c.startswith("_") and c != TOTAL))


def _label(
    pub: Publication, table: PublishedTable, dim: str, code: str, lang: Lang
) -> str:
    if code == TOTAL:
        return lang.t("total")
    return pub.label(table, dim, code, lang.code)


def _dim_name(table: PublishedTable, dim: str, lang: Lang) -> str:
    key = f"dim_{table.column(dim)}"
    return lang.t(key) if lang.has(key) else dim


def table_view(pub: Publication, table: PublishedTable, lang: Lang) -> TableView:
    """Lay out one table: the first dimension down, the second across."""
    dims = table.dims
    if len(dims) == 2:
        row_dim, col_dim = dims
        row_codes = _ordered(table.codes(row_dim))
        col_codes = _ordered(table.codes(col_dim))
        if row_dim == "TIME_PERIOD":
            row_codes = sorted(row_codes)
        columns = [_label(pub, table, col_dim, c, lang) for c in col_codes]
        rows = [
            (
                _label(pub, table, row_dim, r, lang),
                [
                    cell_text(table.find(**{row_dim: r, col_dim: c}), table, lang)
                    for c in col_codes
                ],
            )
            for r in row_codes
        ]
        corner = _dim_name(table, row_dim, lang)
    elif len(dims) == 1:
        (row_dim,) = dims
        codes = _ordered(table.codes(row_dim))
        columns = [lang.t(f"unit_{table.unit}")]
        rows = [
            (
                _label(pub, table, row_dim, c, lang),
                [cell_text(table.find(**{row_dim: c}), table, lang)],
            )
            for c in codes
        ]
        corner = _dim_name(table, row_dim, lang)
    else:
        # Several breakdowns in one list (the shares): one row per cell.
        columns = [lang.t(f"unit_{table.unit}")]
        rows = []
        for cell in table.cells:
            parts = [
                _label(pub, table, d, cell.key[table.column(d)], lang)
                for d in dims
                if cell.key[table.column(d)] != TOTAL
            ]
            rows.append(
                (" · ".join(parts) or lang.t("total"), [cell_text(cell, table, lang)])
            )
        corner = ""
    notes = [table.counting(lang.code)] if table.counting(lang.code) else []
    if table.unit == "P_HTHAB" or (table.unit == "PC" and not notes):
        notes.append(lang.t(f"unit_note_{table.unit}"))
    used = {c.status for _, cells in rows for c in cells}
    notes += [
        lang.t(f"symbol_{status}")
        for status in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE_STATUS)
        if status in used
    ]
    return TableView(table.id, table.title(lang.code), corner, columns, rows, notes)


def table_views(pub: Publication, lang: Lang) -> list[TableView]:
    """Every published table, counts first, then rates and shares (package order)."""
    return [table_view(pub, t, lang) for t in pub.tables.values()]


__all__ = ["SYMBOLS", "TableView", "ViewCell", "cell_text", "table_view", "table_views"]
