"""An Excel template for typing records by hand, in the standard's own columns.

The workbook has:

- a sheet named after the kind (``victims``), with the standard's columns, a drop-down
  list on every coded column, date and whole-number checks, and a short bilingual
  prompt on each column;
- ``fields``: what each field means, in English and French, and what it accepts;
- ``codes``: every code with its English and French label;
- ``lists`` (hidden): the codes the drop-downs offer. Long lists such as countries
  cannot be typed into a validation rule, so every list lives here.

A filled-in template is read like any other workbook: the reader takes the sheet named
after the kind and ignores hidden sheets.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from palermo.standard.codelists import RESERVED_CODES, load_codelist
from palermo.standard.schema import (
    MULTI_SEPARATOR,
    Field,
    FieldType,
    Kind,
    fields_of,
)

LAST_ROW = 1_048_576  # Excel's last row: checks cover the whole column
_REQUIRED = PatternFill("solid", fgColor="FDE9D9")
_IDENTITY = PatternFill("solid", fgColor="E4DFEC")
_HEADER = PatternFill("solid", fgColor="DDEBF7")

_TYPE_TEXT = {
    FieldType.STRING: ("text", "texte"),
    FieldType.CODE: ("one code", "un code"),
    FieldType.CODES: (
        f"codes separated by '{MULTI_SEPARATOR}'",
        f"codes séparés par « {MULTI_SEPARATOR} »",
    ),
    FieldType.DATE: ("date (YYYY-MM-DD)", "date (AAAA-MM-JJ)"),
    FieldType.INTEGER: ("whole number", "nombre entier"),
    FieldType.NUMBER: ("number", "nombre"),
}


def write_template(kind: Kind | str, path: str | Path) -> Path:
    """Write the Excel template of a record kind to ``path`` (an .xlsx file)."""
    kind = Kind(kind)
    path = Path(path)
    fields = fields_of(kind)
    book = Workbook()
    records = book.active
    assert records is not None  # a new workbook always has one sheet
    records.title = kind.value
    lists = book.create_sheet("lists")
    ranges = _write_lists(lists, fields)
    lists.sheet_state = "hidden"
    _write_records_sheet(records, fields, ranges)
    _write_fields_sheet(book.create_sheet("fields"), fields)
    _write_codes_sheet(book.create_sheet("codes"), fields)
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _write_lists(sheet: Worksheet, fields: tuple[Field, ...]) -> dict[str, str]:
    """One column per code list; returns list id -> absolute range of its codes."""
    ranges: dict[str, str] = {}
    for list_id in dict.fromkeys(f.codelist for f in fields if f.codelist):
        assert list_id is not None
        codes = [*load_codelist(list_id).values, *RESERVED_CODES]
        column = len(ranges) + 1
        letter = get_column_letter(column)
        sheet.cell(row=1, column=column, value=list_id)
        for row, code in enumerate(codes, start=2):
            sheet.cell(row=row, column=column, value=code)
        ranges[list_id] = f"lists!${letter}$2:${letter}${len(codes) + 1}"
    return ranges


def _write_records_sheet(
    sheet: Worksheet, fields: tuple[Field, ...], ranges: dict[str, str]
) -> None:
    for column, field in enumerate(fields, start=1):
        letter = get_column_letter(column)
        cell = sheet.cell(row=1, column=column, value=field.name)
        cell.font = Font(bold=True)
        cell.fill = (
            _REQUIRED if field.required else _IDENTITY if field.identity else _HEADER
        )
        cell.comment = Comment(f"{field.en}\n\n{field.fr}", "Palermo")
        sheet.column_dimensions[letter].width = max(14, len(field.name) + 4)
        validation = _validation(field, ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
        if field.type is FieldType.DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"


def _validation(field: Field, ranges: dict[str, str]) -> DataValidation | None:
    prompt = f"{field.en}\n{field.fr}"[:255]
    title = field.name[:32]
    if field.codelist is not None:
        multi = field.type is FieldType.CODES
        return DataValidation(
            type="list",
            formula1=ranges[field.codelist],  # OOXML stores formulas without "="
            allow_blank=True,
            # Several codes in one cell are allowed: warn, do not stop.
            errorStyle="warning" if multi else "stop",
            error=(
                f"Use codes from the list, separated by '{MULTI_SEPARATOR}'."
                if multi
                else "Choose a code from the list. / Choisissez un code de la liste."
            ),
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt,
        )
    if field.type is FieldType.DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1900,1,1)",
            formula2="DATE(2100,12,31)",
            allow_blank=True,
            error="A date, YYYY-MM-DD. / Une date, AAAA-MM-JJ.",
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt,
        )
    if field.type is FieldType.INTEGER and field.minimum is not None:
        maximum = int(field.maximum) if field.maximum is not None else 2**31 - 1
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(int(field.minimum)),
            formula2=str(maximum),
            allow_blank=True,
            error=f"A whole number from {int(field.minimum)} to {maximum}.",
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt,
        )
    return None


def _write_fields_sheet(sheet: Worksheet, fields: tuple[Field, ...]) -> None:
    sheet.append(
        [
            "field / champ",
            "meaning",
            "signification",
            "accepts",
            "accepte",
            "required / obligatoire",
            "identity (linkage only) / identité (appariement seulement)",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for field in fields:
        en, fr = _TYPE_TEXT[field.type]
        if field.codelist is not None:
            en += f" from the list {field.codelist} (sheet codes)"
            fr += f" de la liste {field.codelist} (feuille codes)"
        if field.minimum is not None or field.maximum is not None:
            low = "" if field.minimum is None else f"{field.minimum:g}"
            high = "" if field.maximum is None else f"{field.maximum:g}"
            en += f", {low}–{high}"
            fr += f", {low}–{high}"
        sheet.append(
            [
                field.name,
                field.en,
                field.fr,
                en,
                fr,
                "yes / oui" if field.required else "",
                "yes / oui" if field.identity else "",
            ]
        )
    sheet.append([])
    sheet.append(
        [
            "",
            "Leave a cell empty when the value is unknown; write not_applicable when "
            "the field does not apply. Never write 0 for unknown.",
            "Laissez la cellule vide si la valeur est inconnue ; écrivez "
            "not_applicable si le champ ne s'applique pas. N'écrivez jamais 0 pour "
            "inconnu.",
        ]
    )
    for letter, width in zip("ABCDEFG", (26, 60, 60, 40, 40, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_codes_sheet(sheet: Worksheet, fields: tuple[Field, ...]) -> None:
    sheet.append(["list / liste", "code", "English", "Français"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for list_id in dict.fromkeys(f.codelist for f in fields if f.codelist):
        assert list_id is not None
        codelist = load_codelist(list_id)
        for code in codelist.codes:
            sheet.append([list_id, code.code, code.en, code.fr])
        for reserved in RESERVED_CODES:
            sheet.append(
                [
                    list_id,
                    reserved,
                    codelist.label(reserved, "en"),
                    codelist.label(reserved, "fr"),
                ]
            )
    for letter, width in zip("ABCD", (20, 22, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
