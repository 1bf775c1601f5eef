from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from palermo.errors import InputError
from palermo.intake import FileHints, UnreadableFile, read_raw, read_records

from .conftest import HEADER, ROWS, TODAY, WriteCsv


def _column(path: Path, name: str, **hints: str) -> list[str | None]:
    raw = read_raw(path, FileHints(**hints))
    return raw.table.column(raw.header.index(name)).to_pylist()


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("cp1252", False), ("latin-1", False)],
)
def test_it_reads_csv_in_the_encodings_spreadsheets_write(
    write_csv: WriteCsv, encoding: str, bom: bool
) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][6] = "Lefèvre-Noël"
    path = write_csv(rows, encoding=encoding, bom=bom)
    raw = read_raw(path)
    assert raw.header == HEADER
    assert raw.table.column(6).to_pylist()[0] == "Lefèvre-Noël"
    assert raw.encoding == ("utf-8" if encoding == "utf-8" else "cp1252")


def test_windows_1252_punctuation_survives(write_csv: WriteCsv) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][6] = "O’Brien – Œuvre"
    path = write_csv(rows, encoding="cp1252")
    assert _column(path, "family_names")[0] == "O’Brien – Œuvre"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_detects_the_delimiter(write_csv: WriteCsv, delimiter: str) -> None:
    raw = read_raw(write_csv(delimiter=delimiter))
    assert raw.delimiter == delimiter
    assert raw.header == HEADER
    assert raw.rows == 3


def test_a_declared_encoding_that_does_not_fit_is_an_error_on_its_row(
    write_csv: WriteCsv,
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][5] = "Jérôme"  # record 2 is on row 3
    path = write_csv(rows, encoding="cp1252")
    with pytest.raises(UnreadableFile) as caught:
        read_raw(path, FileHints(encoding="utf-8"))
    assert caught.value.issue.code == "file.encoding"
    assert caught.value.issue.row == 3
    assert "Jérôme" not in caught.value.issue.message


def test_bytes_that_are_no_text_cannot_be_decoded(tmp_path: Path) -> None:
    path = tmp_path / "victims.csv"
    path.write_bytes(bytes(range(128, 256)) * 40)
    result = read_records(path, "victims")
    (issue,) = result.report.issues
    assert issue.code == "file.encoding"
    assert not result.report.is_valid


def test_blank_lines_keep_row_numbers_as_in_the_file(write_csv: WriteCsv) -> None:
    path = write_csv()
    text = path.read_text().splitlines()
    path.write_text("\n".join([text[0], text[1], "", text[2], text[3], "", ""]))
    raw = read_raw(path)
    assert raw.rows == 3
    assert raw.row_numbers.to_pylist() == [2, 4, 5]


def test_a_row_with_too_many_fields_is_reported_on_its_row(
    write_csv: WriteCsv,
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1].append("extra")
    result = read_records(write_csv(rows), "victims", today=TODAY)
    malformed = [i for i in result.report.issues if i.code == "file.malformed_row"]
    assert [(i.row, i.severity) for i in malformed] == [(3, "error")]
    assert "Ion" not in malformed[0].message


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_it_reads_xlsx_with_typed_cells_as_a_person_sees_them(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["v1", "ngo-lyon", "ngo", dt.date(2024, 3, 1), "presumed", None, None,
         dt.datetime(1999, 5, 17), "F", 24, False, "Roumanie", "sexual"],
    ]  # fmt: skip
    path = _workbook(tmp_path / "victims.xlsx", {"Feuil1": rows})
    result = read_records(path, "victims", today=TODAY)
    assert result.report.is_valid, result.report.issues
    assert result.table is not None
    record = result.table.to_pylist()[0]
    assert record["registration_date"] == dt.date(2024, 3, 1)
    assert record["date_of_birth"] == dt.date(1999, 5, 17)
    assert record["age"] == 24
    assert record["child"] == "no"
    assert record["citizenship"] == "RO"
    assert result.sheet == "Feuil1"


def test_rows_of_a_sheet_are_numbered_as_excel_numbers_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "victims"
    for offset, row in enumerate([HEADER, *ROWS]):
        for col, value in enumerate(row):
            sheet.cell(row=3 + offset, column=1 + col, value=value or None)
    sheet.cell(row=5, column=10, value="-4")  # record v2, on row 5
    book.save(tmp_path / "v.xlsx")
    result = read_records(tmp_path / "v.xlsx", "victims", today=TODAY)
    issue = next(i for i in result.report.issues if i.code == "value.below_minimum")
    assert (issue.row, issue.column) == (5, "age")


def test_a_workbook_with_several_sheets_of_data_is_an_error(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "v.xlsx", {"2023": [HEADER, ROWS[0]], "2024": [HEADER, ROWS[1]]}
    )
    (issue,) = read_records(path, "victims").report.issues
    assert (issue.code, issue.row) == ("file.several_sheets", None)
    assert "2023, 2024" in issue.message


def test_the_mapping_names_the_sheet_to_read(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "v.xlsx", {"2023": [HEADER, ROWS[0]], "2024": [HEADER, ROWS[1]]}
    )
    raw = read_raw(path, FileHints(sheet="2024"))
    assert raw.table.column(0).to_pylist() == ["v2"]
    with pytest.raises(UnreadableFile) as caught:
        read_raw(path, FileHints(sheet="2025"))
    assert caught.value.issue.code == "file.sheet_not_found"


def test_hidden_and_empty_sheets_are_not_candidates(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "v.xlsx", {"data": [HEADER, *ROWS], "lists": [["a"]], "empty": []}
    )
    book = openpyxl.load_workbook(path)
    book["lists"].sheet_state = "hidden"
    book.save(path)
    assert read_raw(path).sheet == "data"


def test_merged_header_cells_are_an_error_naming_the_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Personne", None, "sex"])
    sheet.append(["v1", "ngo", "F"])
    sheet.merge_cells("A1:B1")
    book.save(tmp_path / "v.xlsx")
    (issue,) = read_records(tmp_path / "v.xlsx", "victims").report.issues
    assert (issue.code, issue.row) == ("file.merged_header", 1)
    assert "A1:B1" in issue.message


def _json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_it_reads_json_as_a_list_or_under_records(tmp_path: Path) -> None:
    records = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    records[1]["forms_of_exploitation"] = ["labour", "begging"]  # type: ignore[assignment]
    records[1]["age"] = 16  # type: ignore[assignment]
    for document in (records, {"records": records}):
        result = read_records(_json(tmp_path / "v.json", document), "victims")
        assert result.report.is_valid, result.report.issues
        assert result.table is not None
        assert result.table.column("forms_of_exploitation")[1].as_py() == [
            "labour",
            "begging",
        ]


@pytest.mark.parametrize(
    ("document", "row"),
    [
        ({"victims": []}, None),
        ("victims", None),
        ([{"source_record_id": "v1"}, ["v2"]], 2),
        ([{"source_record_id": "v1", "sex": {"code": "female"}}], 1),
    ],
)
def test_json_of_the_wrong_shape_is_an_error(
    tmp_path: Path, document: object, row: int | None
) -> None:
    (issue,) = read_records(
        _json(tmp_path / "v.json", document), "victims"
    ).report.issues
    assert (issue.code, issue.row) == ("file.json_shape", row)


def test_broken_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text('[{"source_record_id": "v1",}]')
    (issue,) = read_records(path, "victims").report.issues
    assert issue.code == "file.unreadable"
    assert "line 1" in issue.message


def test_it_reads_typed_parquet(tmp_path: Path) -> None:
    table = pa.table(
        {
            "source_record_id": ["v1", "v2"],
            "organisation_id": ["police-1"] * 2,
            "organisation_type": pa.array(["police"] * 2).dictionary_encode(),
            "registration_date": pa.array([dt.date(2024, 1, 2)] * 2),
            "status": ["identified", "presumed"],
            "age": pa.array([30, None], pa.int64()),
            "child": [False, True],
            "forms_of_exploitation": [["labour"], ["sexual", "other"]],
        }
    )
    pq.write_table(table, tmp_path / "v.parquet")
    result = read_records(tmp_path / "v.parquet", "victims", today=TODAY)
    assert result.report.is_valid, result.report.issues
    assert result.table is not None
    assert result.table.column("age").to_pylist() == [30, None]
    assert result.table.column("child").to_pylist() == ["no", "yes"]


def test_rows_of_json_and_parquet_count_from_one(tmp_path: Path) -> None:
    records = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    records[2]["age"] = "-3"
    result = read_records(_json(tmp_path / "v.json", records), "victims", today=TODAY)
    issue = next(i for i in result.report.issues if i.code == "value.below_minimum")
    assert issue.row == 3


def test_a_workbook_named_csv_is_an_error(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "v.xlsx", {"data": [HEADER, *ROWS]})
    renamed = source.rename(tmp_path / "victims.csv")
    (issue,) = read_records(renamed, "victims").report.issues
    assert issue.code == "file.format_mismatch"
    assert "CSV" in issue.message
    assert "XLSX workbook" in issue.message


def test_a_csv_named_xlsx_is_an_error(write_csv: WriteCsv) -> None:
    (issue,) = read_records(write_csv(name="v.xlsx"), "victims").report.issues
    assert issue.code == "file.format_mismatch"


def test_a_csv_sent_with_a_mapping_for_a_workbook_blames_the_mapping(
    write_csv: WriteCsv,
) -> None:
    # The file's name is right; the organisation's saved mapping is what is out of date.
    with pytest.raises(UnreadableFile) as caught:
        read_raw(write_csv(name="v.csv"), FileHints(format="xlsx"))
    issue = caught.value.issue
    assert issue.code == "file.mapping_format_mismatch"
    assert "mapping expects XLSX" in issue.message
    assert "named" not in issue.message


def test_parquet_named_json_is_an_error(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "v.json")
    (issue,) = read_records(tmp_path / "v.json", "victims").report.issues
    assert issue.code == "file.format_mismatch"


def test_formats_we_cannot_read_are_named(tmp_path: Path) -> None:
    path = tmp_path / "v.dat"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    (issue,) = read_records(path, "victims").report.issues
    assert issue.code == "file.unsupported_format"
    assert "ZIP archive" in issue.message


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf\n"])
def test_an_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "victims.csv"
    path.write_bytes(content)
    result = read_records(path, "victims")
    (issue,) = result.report.issues
    assert (issue.code, issue.row, result.report.rows) == ("file.empty", None, 0)


def test_a_header_without_records_is_an_error(write_csv: WriteCsv) -> None:
    (issue,) = read_records(write_csv(rows=[]), "victims").report.issues
    assert (issue.code, issue.row) == ("file.header_only", None)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_records(tmp_path / "nope.csv", "victims")


def test_duplicate_header_names_are_an_error(write_csv: WriteCsv) -> None:
    header = [*HEADER[:-1], "sex"]
    result = read_records(write_csv(header=header), "victims", today=TODAY)
    assert "column.duplicate" in result.report.codes()


def test_utf16_text_with_a_byte_order_mark_is_read(write_csv: WriteCsv) -> None:
    path = write_csv(encoding="utf-16")
    raw = read_raw(path)
    assert raw.header == HEADER
    assert raw.rows == 3


def test_a_quote_never_closed_is_reported_on_its_row_without_its_text(
    write_csv: WriteCsv,
) -> None:
    path = write_csv()
    path.write_text(path.read_text() + 'v9,ngo,ngo,2024-01-01,presumed,"Secretname\n')
    (issue,) = read_records(path, "victims").report.issues
    assert (issue.code, issue.row) == ("file.malformed_row", 5)
    assert "Secretname" not in issue.message


def test_json_lines_are_read_one_record_a_line(tmp_path: Path) -> None:
    records = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
    path = tmp_path / "v.json"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    raw = read_raw(path)
    assert raw.rows == 3
    assert raw.row_numbers.to_pylist() == [1, 2, 3]


def test_parquet_with_nested_columns_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    table = pa.table({"source_record_id": ["v1"], "person": [{"age": 3}]})
    pq.write_table(table, tmp_path / "v.parquet")
    (issue,) = read_records(tmp_path / "v.parquet", "victims").report.issues
    assert issue.code == "file.unreadable"
    assert "person" in issue.message
