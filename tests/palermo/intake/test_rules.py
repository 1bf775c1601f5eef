"""The issue codes not met elsewhere, each with a file that raises it on its row."""

from __future__ import annotations

from pathlib import Path

from palermo.intake import mapping_from_dict, read_records

from .conftest import HEADER, ROWS, TODAY, WriteCsv, with_value


def _issues(path: Path, kind: str = "victims", mapping: dict | None = None):  # type: ignore[no-untyped-def,type-arg]
    loaded = mapping_from_dict({"kind": kind, **mapping}) if mapping else None
    return read_records(path, kind, loaded, today=TODAY).report.issues


def test_a_named_column_without_heading_is_an_error(write_csv: WriteCsv) -> None:
    path = write_csv([[*r, "x"] for r in ROWS], [*HEADER, ""])
    (issue,) = [i for i in _issues(path) if i.code == "column.unnamed"]
    assert (issue.row, issue.column) == (None, None)
    assert "Column 14" in issue.message


def test_an_empty_column_without_heading_is_dropped(write_csv: WriteCsv) -> None:
    path = write_csv([[*r, ""] for r in ROWS], [*HEADER, ""])
    assert _issues(path) == ()


def test_two_columns_for_one_field_are_an_error(write_csv: WriteCsv) -> None:
    path = write_csv([[*r, "F"] for r in ROWS], [*HEADER, "Sexe"])
    issues = _issues(path, mapping={"columns": {"Sexe": "sex"}})
    (issue,) = [i for i in issues if i.code == "column.mapped_twice"]
    assert issue.column == "Sexe"
    assert "sex, Sexe" in issue.message


def test_a_field_both_column_and_constant_is_an_error(write_csv: WriteCsv) -> None:
    issues = _issues(write_csv(), mapping={"constants": {"organisation_type": "ngo"}})
    (issue,) = [i for i in issues if i.code == "column.constant_conflict"]
    assert issue.column == "organisation_type"


def test_a_two_digit_year_is_a_date_too_early(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("registration_date", "3/1/24", row=1))
    issues = _issues(path, mapping={"file": {"date_format": "%d/%m/%Y"}})
    (issue,) = [i for i in issues if i.code == "value.date_too_early"]
    assert (issue.row, issue.column, issue.value) == (3, "registration_date", "3/1/24")


def test_an_age_far_from_the_birth_date_is_a_warning(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("age", "40"))  # born 1999, registered 2024
    (issue,) = _issues(path)
    assert (issue.row, issue.column, issue.code, issue.severity) == (
        2,
        "age",
        "record.age_contradicts_birth",
        "warning",
    )


def test_money_written_with_a_comma_is_not_a_number(write_csv: WriteCsv) -> None:
    header = ["source_record_id", "organisation_id", "organisation_type",
              "proceeding_type", "start_date", "assets_frozen_eur",
              "compensation_awarded_eur", "compensation_paid_eur"]  # fmt: skip
    rows = [
        ["p1", "pp", "prosecution", "trial", "2024-01-01", "1 000,50", "", ""],
        ["p2", "pp", "prosecution", "trial", "2024-01-01", "1e5", "100", "250"],
    ]
    issues = _issues(write_csv(rows, header, name="p.csv"), "proceedings")
    assert [(i.row, i.column, i.value, i.code, i.severity) for i in issues] == [
        (2, "assets_frozen_eur", "1 000,50", "value.invalid_number", "error"),
        (3, "compensation_paid_eur", "250", "record.paid_exceeds_awarded", "warning"),
    ]
