from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from palermo.cli import main
from palermo.intake import read_records
from palermo.standard import FieldType, Kind, fields_of, load_codelist
from palermo.standard.template import write_template

TODAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def victims_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(Kind.VICTIMS, tmp_path_factory.mktemp("t") / "victims.xlsx")


def _fill(template: Path, target: Path, rows: list[dict[str, object]]) -> Path:
    """Type rows into the template as a person would, by column heading."""
    book = openpyxl.load_workbook(template)
    sheet = book["victims"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for offset, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=offset, column=columns[name], value=value)
    book.save(target)
    return target


def test_a_template_filled_in_by_hand_validates(
    victims_template: Path, tmp_path: Path
) -> None:
    filled = _fill(
        victims_template,
        tmp_path / "filled.xlsx",
        [
            {
                "source_record_id": "NGO-001",
                "organisation_id": "ngo-lyon",
                "organisation_type": "ngo",
                "registration_date": dt.date(2024, 3, 1),
                "status": "presumed",
                "family_names": "Popescu",
                "date_of_birth": dt.date(2001, 7, 9),
                "sex": "female",
                "age": 22,
                "child": "no",
                "citizenship": "RO",
                "forms_of_exploitation": "sexual;labour",
                "reflection_period": "granted",
            },
            {
                "source_record_id": "NGO-002",
                "organisation_id": "ngo-lyon",
                "organisation_type": "ngo",
                "registration_date": dt.date(2024, 4, 2),
                "status": "identified",
                "sex": "male",
                "citizenship": "unknown",
                "unaccompanied_minor": "not_applicable",
            },
        ],
    )
    result = read_records(filled, "victims", today=TODAY)
    assert result.report.is_valid, result.report.issues
    assert result.sheet == "victims"
    assert result.table is not None
    first, second = result.table.to_pylist()
    assert first["registration_date"] == dt.date(2024, 3, 1)
    assert first["forms_of_exploitation"] == ["sexual", "labour"]
    assert first["age"] == 22
    assert second["age"] is None
    assert second["unaccompanied_minor"] == "not_applicable"


def test_a_mistake_typed_into_the_template_is_reported_on_its_excel_row(
    victims_template: Path, tmp_path: Path
) -> None:
    base = {
        "organisation_id": "police-1",
        "organisation_type": "police",
        "registration_date": dt.date(2024, 1, 5),
        "status": "identified",
    }
    filled = _fill(
        victims_template,
        tmp_path / "filled.xlsx",
        [
            {**base, "source_record_id": "a"},
            {**base, "source_record_id": "b", "age": -2},
        ],
    )
    issues = read_records(filled, "victims", today=TODAY).report.issues
    assert [(i.row, i.column, i.code) for i in issues] == [
        (3, "age", "value.below_minimum")
    ]


def test_every_coded_field_has_a_drop_down_from_the_hidden_lists(
    victims_template: Path,
) -> None:
    book = openpyxl.load_workbook(victims_template)
    assert book["lists"].sheet_state == "hidden"
    sheet = book["victims"]
    header = [cell.value for cell in sheet[1]]
    assert header == [f.name for f in fields_of(Kind.VICTIMS)]
    drop_downs = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type == "list":
            for cell_range in validation.sqref.ranges:
                drop_downs[header[cell_range.min_col - 1]] = validation.formula1
    coded = [f for f in fields_of(Kind.VICTIMS) if f.codelist]
    assert set(drop_downs) == {f.name for f in coded}
    assert all(v.showInputMessage for v in sheet.data_validations.dataValidation)
    lists = book["lists"]
    for field in coded:
        column = drop_downs[field.name].split("$")[1]
        offered = [c.value for c in lists[column][1:] if c.value is not None]
        assert offered[: len(load_codelist(str(field.codelist)).values)] == list(
            load_codelist(str(field.codelist)).values
        )
        assert offered[-2:] == ["unknown", "not_applicable"]
    # Long lists do not fit in a rule of their own; they live on the hidden sheet.
    assert len(load_codelist("country").values) > 200


def test_the_fields_sheet_explains_each_field_in_english_and_french(
    victims_template: Path,
) -> None:
    book = openpyxl.load_workbook(victims_template)
    rows = {row[0]: row for row in book["fields"].iter_rows(values_only=True)}
    for field in fields_of(Kind.VICTIMS):
        assert rows[field.name][1] == field.en
        assert rows[field.name][2] == field.fr
    assert "yes" in str(rows["status"][5])
    assert "yes" in str(rows["family_names"][6])


def test_dates_and_ages_are_checked_in_excel(victims_template: Path) -> None:
    sheet = openpyxl.load_workbook(victims_template)["victims"]
    header = [cell.value for cell in sheet[1]]
    kinds = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            kinds[header[cell_range.min_col - 1]] = validation
    assert kinds["registration_date"].type == "date"
    assert (kinds["age"].type, kinds["age"].formula1, kinds["age"].formula2) == (
        "whole",
        "0",
        "120",
    )
    dates = [f.name for f in fields_of(Kind.VICTIMS) if f.type is FieldType.DATE]
    assert {kinds[name].type for name in dates} == {"date"}


@pytest.mark.parametrize("kind", ["suspects", "proceedings"])
def test_the_cli_writes_a_template_for_every_kind(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    assert main(["template", "--kind", kind, "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == [kind, "lists", "fields", "codes"]
