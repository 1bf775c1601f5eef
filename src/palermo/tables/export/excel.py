"""An Excel workbook for people: one formatted sheet per table, in English and French.

The first sheet explains the symbols and the suppression rule; each table sheet has
its title in both languages, the table laid out with the first dimension down and the
second across (totals last), and footnotes on how persons are counted and why some
cells are withheld.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from palermo.tables.dims import TIME, dimension
from palermo.tables.model import TOTAL, CellStatus, Table

SYMBOLS = {
    CellStatus.SUPPRESSED: "C",
    CellStatus.NOT_AVAILABLE: ":",
    CellStatus.NOT_APPLICABLE: "m",
}

LEGEND = [
    ("0", "True zero: there are none.", "Zéro réel : il n'y en a aucun."),
    (
        "C",
        "Confidential: withheld so that no person can be identified.",
        "Confidentiel : masqué pour qu'aucune personne ne puisse être identifiée.",
    ),
    (
        ":",
        "Not available: the data were not collected.",
        "Non disponible : données non collectées.",
    ),
    (
        "m",
        "Not applicable: the figure cannot exist (e.g. a rate for unknown sex).",
        "Sans objet : le chiffre ne peut exister (p. ex. un taux pour un sexe inconnu).",
    ),
    (
        "Unknown",
        "A category of its own: persons whose value the sources did not record.",
        "Une catégorie à part : personnes dont la valeur n'a pas été enregistrée.",
    ),
]

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_ITALIC = Font(italic=True, color="555555")
_HEADER = PatternFill("solid", fgColor="DCE6F1")
_TOTAL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="BBBBBB")
_BOX = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)


def _label(dim: str, code: str) -> str:
    if dim == TIME:
        return code
    if code == "EU27_2020":
        return "EU citizens / Citoyens de l'UE"
    d = dimension(dim)
    en, fr = d.label(code, "en"), d.label(code, "fr")
    return en if en == fr else f"{en} / {fr}"


def _dim_title(dim: str) -> str:
    if dim == TIME:
        return "Year / Année"
    d = dimension(dim)
    return f"{d.en} / {d.fr}"


def _column(dim: str) -> str:
    return "EXPLOIT" if dim == "EXPLOIT_ONCE" else dim


def _display(cell: Mapping[str, Any]) -> Any:
    status = CellStatus(cell["status"])
    if status in SYMBOLS:
        return SYMBOLS[status]
    return cell["value"]


def _suppression_notes(settings: Mapping[str, Any]) -> list[str]:
    threshold = settings.get("threshold", 5)
    protection = settings.get("protection", threshold)
    if settings.get("method") == "cell_key":
        return [
            "Counts are perturbed by a small random amount (cell-key method); totals "
            "are perturbed separately and need not add up.",
            "Les effectifs sont perturbés d'une petite quantité aléatoire (méthode des "
            "clés de cellule) ; les totaux sont perturbés séparément.",
        ]
    zeros = settings.get("publish_zeros", True)
    return [
        f"Counts of 1 to {threshold - 1} persons are withheld (C), and enough other cells "
        f"that no withheld count can be worked out to within {protection} from the "
        "published figures, in this table or any other. "
        + ("True zeros are published." if zeros else "Zeros are withheld too."),
        f"Les effectifs de 1 à {threshold - 1} personnes sont masqués (C), ainsi que "
        "d'autres cellules, de sorte qu'aucun effectif masqué ne puisse être déduit à "
        f"moins de {protection} près des chiffres publiés. "
        + (
            "Les zéros réels sont publiés."
            if zeros
            else "Les zéros sont aussi masqués."
        ),
    ]


def _write_table(sheet: Worksheet, table: Table, notes: Sequence[str]) -> None:
    spec = table.spec
    sheet["A1"] = spec.en
    sheet["A1"].font = _TITLE
    sheet["A2"] = spec.fr
    sheet["A2"].font = _ITALIC
    rows_dim = spec.dims[0]
    cols_dim = spec.dims[1] if len(spec.dims) == 2 else None
    col_codes = (
        list(dict.fromkeys(str(c[_column(cols_dim)]) for c in table.cells))
        if cols_dim
        else ["value"]
    )
    # Rows in table order: (label, is a total, {column code: cell}).
    rows: dict[str, tuple[str, bool, dict[str, Mapping[str, Any]]]] = {}
    for cell in table.cells:
        if len(spec.dims) > 2:  # shares: one row per indicator, on whichever dim
            dim = next((d for d in spec.dims if cell[_column(d)] != TOTAL), rows_dim)
        else:
            dim = rows_dim
        code = str(cell[_column(dim)])
        key = f"{dim}:{code}"
        if key not in rows:
            rows[key] = (_label(dim, code), code == TOTAL, {})
        column = str(cell[_column(cols_dim)]) if cols_dim else "value"
        rows[key][2][column] = cell
    header_row = 4
    corner = sheet.cell(
        header_row, 1, _dim_title(rows_dim) if len(spec.dims) <= 2 else ""
    )
    corner.font = _BOLD
    corner.fill = _HEADER
    corner.border = _BOX
    units = {
        "NR": "Persons / Personnes",
        "P_HTHAB": "Per 100,000 / Pour 100 000",
        "PC": "%",
    }
    for j, code in enumerate(col_codes, start=2):
        text = _label(cols_dim, code) if cols_dim else units.get(spec.unit, "Value")
        head = sheet.cell(header_row, j, text)
        head.font = _BOLD
        head.fill = _HEADER
        head.border = _BOX
        head.alignment = Alignment(wrap_text=True, horizontal="center")
    number_format = "#,##0" if spec.unit == "NR" else "0.0##"
    for i, (text, total_row, cells) in enumerate(rows.values(), start=header_row + 1):
        label = sheet.cell(i, 1, text)
        label.border = _BOX
        if total_row:
            label.font = _BOLD
            label.fill = _TOTAL
        for j, col in enumerate(col_codes, start=2):
            if col not in cells:
                continue
            out = sheet.cell(i, j, _display(cells[col]))
            out.border = _BOX
            out.number_format = number_format
            out.alignment = Alignment(horizontal="right")
            if total_row or col == TOTAL:
                out.fill = _TOTAL
                out.font = _BOLD
    foot = header_row + len(rows) + 2
    lines = [spec.counting_en, spec.counting_fr, *notes]
    for k, text in enumerate(lines):
        note = sheet.cell(foot + k, 1, text)
        note.font = _ITALIC
    sheet.column_dimensions["A"].width = 42
    for j in range(2, len(col_codes) + 2):
        sheet.column_dimensions[get_column_letter(j)].width = 16
    sheet.freeze_panes = sheet.cell(header_row + 1, 2)


def sheet_name(position: int, table_id: str) -> str:
    """A sheet name within Excel's 31 characters, unique by its number."""
    return f"{position:02d} {table_id}"[:31]


def write_workbook(
    tables: Sequence[Table],
    path: str | Path,
    *,
    title: str,
    settings: Mapping[str, Any],
    sources: Sequence[str] = (),
) -> Path:
    """Write the workbook: an about sheet, then one sheet per table."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About - À propos"
    about["A1"] = title
    about["A1"].font = _TITLE
    notes = _suppression_notes(settings)
    rows: list[tuple[str, str, str]] = [
        ("Symbol / Symbole", "Meaning", "Signification"),
        *LEGEND,
    ]
    for i, (symbol, en, fr) in enumerate(rows, start=3):
        for j, text in enumerate((symbol, en, fr), start=1):
            out = about.cell(i, j, text)
            out.border = _BOX
            if i == 3:
                out.font = _BOLD
                out.fill = _HEADER
    line = 3 + len(rows) + 1
    for text in [*notes, *sources]:
        about.cell(line, 1, text).font = _ITALIC
        line += 1
    line += 1
    about.cell(line, 1, "Sheets / Feuilles").font = _BOLD
    for k, table in enumerate(tables, start=1):
        about.cell(line + k, 1, sheet_name(k, table.spec.id))
        about.cell(line + k, 2, table.spec.en)
        about.cell(line + k, 3, table.spec.fr)
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 70
    about.column_dimensions["C"].width = 70
    for k, table in enumerate(tables, start=1):
        _write_table(book.create_sheet(sheet_name(k, table.spec.id)), table, notes)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


__all__ = ["LEGEND", "SYMBOLS", "sheet_name", "write_workbook"]
