from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

from palermo.errors import InputError
from palermo.intake import (
    Mapping,
    mapping_from_dict,
    read_raw,
    read_records,
    validate_raw,
)
from palermo.standard import fields_of, identity_fields

from .conftest import HEADER, ROWS, TODAY, WriteCsv, with_value


def _issues(path: Path, kind: str = "victims", mapping: Mapping | None = None):  # type: ignore[no-untyped-def]
    return read_records(path, kind, mapping, today=TODAY).report.issues


def _only(path: Path, code: str) -> tuple[int | None, str | None, str | None, str]:
    """(row, column, value, severity) of the single issue with ``code``."""
    found = [i for i in _issues(path) if i.code == code]
    assert len(found) == 1, found
    issue = found[0]
    return issue.row, issue.column, issue.value, issue.severity.value


def test_a_clean_file_gives_the_normalised_table(write_csv: WriteCsv) -> None:
    result = read_records(write_csv(), "victims", today=TODAY)
    assert result.report.is_valid
    assert result.report.issues == ()
    assert result.report.rows == 3
    table = result.table
    assert table is not None
    assert table.column_names == [f.name for f in fields_of("victims")]
    assert table.schema.field("registration_date").type == pa.date32()
    assert table.schema.field("age").type == pa.int64()
    assert table.schema.field("forms_of_exploitation").type == pa.list_(pa.string())
    first, second, third = table.to_pylist()
    assert first["date_of_birth"] == dt.date(1999, 5, 17)
    assert second["forms_of_exploitation"] == ["labour", "begging"]
    # Four states kept apart: empty means unknown, never zero or "no".
    assert third["age"] is None
    assert third["sex"] == "unknown"
    assert third["forms_of_exploitation"] == ["unknown"]
    assert third["given_names"] is None
    assert third["referral_source"] == "unknown"  # a field the file does not have


def test_the_report_has_the_json_shape_of_the_contract(write_csv: WriteCsv) -> None:
    report = read_records(write_csv(with_value("sex", "X?")), "victims").report
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {"valid", "rows", "issues"}
    assert data["valid"] is False
    assert set(data["issues"][0]) == {
        "row",
        "column",
        "value",
        "code",
        "severity",
        "message",
    }


def test_french_and_english_labels_and_synonyms_become_codes(
    write_csv: WriteCsv,
) -> None:
    rows = with_value("sex", "Femme")
    rows[0][HEADER.index("citizenship")] = "Roumanie"
    rows[0][HEADER.index("forms_of_exploitation")] = "Travail forcé ; MENDICITÉ FORCÉE"
    rows[0][HEADER.index("status")] = "Victime présumée"
    rows[0][HEADER.index("child")] = "Non"
    result = read_records(write_csv(rows), "victims", today=TODAY)
    assert result.table is not None, result.report.issues
    record = result.table.to_pylist()[0]
    assert (record["sex"], record["citizenship"], record["status"]) == (
        "female",
        "RO",
        "presumed",
    )
    assert record["forms_of_exploitation"] == ["labour", "begging"]


def test_a_mapping_renames_columns_translates_values_and_adds_constants(
    write_csv: WriteCsv,
) -> None:
    header = ["Réf", "Date d'enregistrement", "Statut", "Genre", "Âge", "Remarques"]
    rows = [["A-1", "05/03/2024", "P", "1", "30", "vu à Lyon"]]
    path = write_csv(rows, header, delimiter=";", encoding="cp1252")
    mapping = mapping_from_dict(
        {
            "kind": "victims",
            "file": {"date_format": "%d/%m/%Y"},
            "columns": {
                "Réf": "source_record_id",
                "date d'enregistrement": "registration_date",
                "Statut": "status",
                "Genre": "sex",
                "Âge": "age",
            },
            "constants": {"organisation_id": "ngo-lyon", "organisation_type": "ONG"},
            "values": {"status": {"P": "presumed"}, "sex": {1: "male", 2: "female"}},
            "ignore": ["Remarques"],
        }
    )
    result = read_records(path, "victims", mapping, today=TODAY)
    assert result.table is not None, result.report.issues
    record = result.table.to_pylist()[0]
    assert record["source_record_id"] == "A-1"
    assert record["registration_date"] == dt.date(2024, 3, 5)
    assert (record["status"], record["sex"]) == ("presumed", "male")
    assert (record["organisation_id"], record["organisation_type"]) == (
        "ngo-lyon",
        "ngo",
    )


def test_missing_required_columns_are_each_reported(write_csv: WriteCsv) -> None:
    keep = [
        i
        for i, name in enumerate(HEADER)
        if name not in {"status", "registration_date"}
    ]
    path = write_csv([[r[i] for i in keep] for r in ROWS], [HEADER[i] for i in keep])
    missing = [i for i in _issues(path) if i.code == "column.missing"]
    assert sorted((i.column, i.row) for i in missing) == [
        ("registration_date", None),
        ("status", None),
    ]


def test_unknown_extra_columns_are_an_error(write_csv: WriteCsv) -> None:
    path = write_csv([[*r, "note"] for r in ROWS], [*HEADER, "Commentaire"])
    assert _only(path, "column.unknown") == (None, "Commentaire", None, "error")


def test_a_required_value_left_empty_is_an_error_on_its_row(
    write_csv: WriteCsv,
) -> None:
    path = write_csv(with_value("status", " ", row=1))
    assert _only(path, "value.required") == (3, "status", None, "error")


def test_unknown_codes_are_errors_with_their_value(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("citizenship", "Atlantis", row=2))
    assert _only(path, "value.unknown_code") == (4, "citizenship", "Atlantis", "error")


def test_one_unknown_code_in_a_list_is_reported(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("forms_of_exploitation", "labour;pickpocketing"))
    row, column, value, _ = _only(path, "value.unknown_code")
    assert (row, column, value) == (2, "forms_of_exploitation", "labour;pickpocketing")


@pytest.mark.parametrize("value", ["2024-02-30", "1/3/2024", "yesterday", "2024-13-01"])
def test_unparseable_or_impossible_dates_are_errors(
    write_csv: WriteCsv, value: str
) -> None:
    path = write_csv(with_value("registration_date", value, row=1))
    assert _only(path, "value.invalid_date") == (3, "registration_date", value, "error")


def test_dates_in_the_future_are_errors(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("registration_date", "2025-07-01"))
    assert _only(path, "value.future_date")[:2] == (2, "registration_date")


def test_registration_before_birth_is_an_error(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("registration_date", "1998-01-01"))
    row, column, _, severity = _only(path, "record.registration_before_birth")
    assert (row, column, severity) == (2, "registration_date", "error")


@pytest.mark.parametrize(
    ("age", "code", "severity"),
    [
        ("-1", "value.below_minimum", "error"),
        ("130", "value.above_maximum", "error"),
        ("101", "value.implausible", "warning"),
        ("twenty", "value.invalid_integer", "error"),
        ("24.5", "value.invalid_integer", "error"),
    ],
)
def test_negative_absurd_and_unusual_ages(
    write_csv: WriteCsv, age: str, code: str, severity: str
) -> None:
    path = write_csv(with_value("age", age, row=2))
    assert _only(path, code) == (4, "age", age, severity)


def test_an_age_over_100_alone_does_not_reject_the_file(write_csv: WriteCsv) -> None:
    result = read_records(write_csv(with_value("age", "101", row=2)), "victims")
    assert result.report.is_valid
    assert [i.code for i in result.report.warnings] == ["value.implausible"]
    assert result.table is not None


def test_a_spreadsheet_float_is_a_whole_age(write_csv: WriteCsv) -> None:
    result = read_records(write_csv(with_value("age", "24.0")), "victims", today=TODAY)
    assert result.table is not None
    assert result.table.column("age")[0].as_py() == 24


def test_duplicate_source_record_ids_point_to_the_first(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("source_record_id", "v1", row=2))
    found = [i for i in _issues(path) if i.code == "record.duplicate_id"]
    assert [(i.row, i.value) for i in found] == [(4, "v1")]
    assert "row 2" in found[0].message


def test_not_a_child_under_18_is_an_error(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("child", "no", row=1))  # age 16
    assert _only(path, "record.child_flag_contradicts_age")[:2] == (3, "child")


def test_a_child_registered_as_an_adult_is_a_warning(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("child", "yes", row=0))  # age 24
    assert _only(path, "record.child_flag_adult_age") == (2, "child", "yes", "warning")


def test_identity_values_are_never_echoed(write_csv: WriteCsv) -> None:
    rows = with_value("date_of_birth", "17/05/1999")
    rows[1][HEADER.index("date_of_birth")] = "2030-01-01"
    path = write_csv([*rows, rows[0]])  # a duplicate id as well
    report = read_records(path, "victims", today=TODAY).report
    identity = set(identity_fields("victims"))
    flagged = [i for i in report.issues if i.column in identity]
    assert {i.code for i in flagged} == {"value.invalid_date", "value.future_date"}
    assert all(i.value is None for i in flagged)
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    for secret in ("17/05/1999", "2030-01-01", "Popescu", "Ana", "Ionescu"):
        assert secret not in text


def test_every_problem_is_reported_at_once(write_csv: WriteCsv) -> None:
    rows = with_value("age", "-5")
    rows[1][HEADER.index("sex")] = "??"
    rows[2][HEADER.index("registration_date")] = "31/31/2024"
    codes = {(i.row, i.code) for i in _issues(write_csv(rows))}
    assert {
        (2, "value.below_minimum"),
        (3, "value.unknown_code"),
        (4, "value.invalid_date"),
    } <= codes


def test_french_messages(write_csv: WriteCsv) -> None:
    path = write_csv(with_value("age", "-1"))
    report = read_records(path, "victims", lang="fr", today=TODAY).report
    assert "inférieur au minimum" in report.issues[0].message


def test_issues_are_capped_per_rule_and_column(write_csv: WriteCsv) -> None:
    many = [[f"v{i}", *ROWS[0][1:]] for i in range(1005)]
    for row in many:
        row[HEADER.index("sex")] = "?!"
    report = read_records(write_csv(many), "victims", today=TODAY).report
    unknown = [i for i in report.issues if i.code == "value.unknown_code"]
    assert len(unknown) == 1000
    (note,) = [i for i in report.issues if i.code == "report.truncated"]
    assert "5 more rows" in note.message


def test_suspects_and_proceedings_validate_too(write_csv: WriteCsv) -> None:
    suspects = write_csv(
        [["s1", "police-1", "police", "2024-02-01", "Condamné", "M", "41", "FR",
          "sexual", "organiser", "no", "prison", "48"]],
        ["source_record_id", "organisation_id", "organisation_type", "record_date",
         "stage", "sex", "age", "citizenship", "forms_of_exploitation", "role",
         "knowing_use", "sentence_type", "sentence_months"],
        name="suspects.csv",
    )  # fmt: skip
    result = read_records(suspects, "suspects", today=TODAY)
    assert result.table is not None, result.report.issues
    assert result.table.column("stage")[0].as_py() == "convicted"
    proceedings = write_csv(
        [["p1", "pp-1", "prosecution", "trial", "2024-05-01", "2024-01-01", "1000.50",
          "200", "100"]],
        ["source_record_id", "organisation_id", "organisation_type", "proceeding_type",
         "start_date", "end_date", "assets_frozen_eur", "compensation_awarded_eur",
         "compensation_paid_eur"],
        name="proceedings.csv",
    )  # fmt: skip
    report = read_records(proceedings, "proceedings", today=TODAY).report
    assert report.codes() == {"record.end_before_start"}


def test_a_mapping_for_another_kind_is_refused(write_csv: WriteCsv) -> None:
    with pytest.raises(InputError, match="for suspects"):
        read_records(write_csv(), "victims", Mapping(kind="suspects"))  # type: ignore[arg-type]


def test_a_table_read_in_many_chunks_validates_as_one(write_csv: WriteCsv) -> None:
    # Large CSV files come back from the reader in chunks; each rule must see them all.
    rows = with_value("sex", "??", row=2)
    rows[1][HEADER.index("forms_of_exploitation")] = "labour;nope"
    raw = read_raw(write_csv([*rows, *ROWS]))
    whole = validate_raw(raw, Mapping(kind="victims"), today=TODAY)
    raw.table = pa.Table.from_batches(raw.table.to_batches(max_chunksize=1))
    assert raw.table.column(0).num_chunks == 6
    chunked = validate_raw(raw, Mapping(kind="victims"), today=TODAY)
    assert chunked.report == whole.report
    assert {(i.row, i.code) for i in chunked.report.issues} == {
        (3, "value.unknown_code"),
        (4, "value.unknown_code"),
        (5, "record.duplicate_id"),
        (6, "record.duplicate_id"),
        (7, "record.duplicate_id"),
    }


def test_chunked_and_whole_tables_normalise_alike(write_csv: WriteCsv) -> None:
    raw = read_raw(write_csv())
    whole = validate_raw(raw, Mapping(kind="victims"), today=TODAY).table
    raw.table = pa.Table.from_batches(raw.table.to_batches(max_chunksize=1))
    chunked = validate_raw(raw, Mapping(kind="victims"), today=TODAY).table
    assert whole is not None
    assert chunked is not None
    assert chunked.equals(whole)
