"""The three exports: SDMX-CSV read back by sdmx1, a valid Frictionless package, Excel."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tables_builders import person, persons_table

from palermo.tables import CellStatus, TablesResult, build_tables
from palermo.tables.export import (
    read_package,
    read_sdmx,
    validate_package,
    write_outputs,
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[TablesResult, Path]:
    # Few small cells (a withheld one among them), so the fixture stays quick.
    people = persons_table(
        [person()] * 40
        + [person(sex="male", citizenship="NG", forms=["labour"], orgs=["ngo"])] * 25
        + [person(sex="other")] * 2
    )
    earlier = persons_table([person()] * 20 + [person(sex="male")] * 9)
    result = build_tables(
        {"2024": people, "2022": earlier}, period="2024", reporting_country="FR"
    )
    out = tmp_path_factory.mktemp("tables")
    write_outputs(result, out)
    return result, out


def test_sdmx1_reads_back_every_table_with_the_same_numbers_and_flags(
    published: tuple[TablesResult, Path],
) -> None:
    result, out = published
    states = set()
    for table in result.tables:
        rows = read_sdmx(out / "sdmx", table.spec.id)
        assert len(rows) == len(table.cells)
        for row, cell in zip(rows, table.cells, strict=True):
            assert row["SEX"] == cell["SEX"]
            assert row["TIME_PERIOD"] == cell["TIME_PERIOD"]
            assert row["status"] == cell["status"]
            if cell["value"] is None:
                assert row["value"] is None
            else:
                assert row["value"] == pytest.approx(cell["value"])
            states.add(row["status"])
    # Every state survives the trip: value, true zero, withheld, not collected, n/a.
    assert states == set(CellStatus)


def test_sdmx_csv_uses_eurostat_flags(published: tuple[TablesResult, Path]) -> None:
    _, out = published
    with (out / "sdmx" / "victims_by_sex.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    assert rows[0]["STRUCTURE_ID"] == "PALERMO:THB_VICT(1.0)"
    withheld = [r for r in rows if r["CONF_STATUS"] == "C"]
    assert withheld
    assert all(r["OBS_VALUE"] == "NaN" for r in withheld)
    zeros = [r for r in rows if r["OBS_VALUE"] == "0"]
    assert all(r["OBS_STATUS"] == "" and r["CONF_STATUS"] == "" for r in zeros)
    with (out / "sdmx" / "victims_trend_by_sex.csv").open() as handle:
        assert any(r["OBS_STATUS"] == ":" for r in csv.DictReader(handle))
    with (out / "sdmx" / "victims_rate_by_sex.csv").open() as handle:
        assert any(r["OBS_STATUS"] == "m" for r in csv.DictReader(handle))


def test_frictionless_validates_the_package(
    published: tuple[TablesResult, Path],
) -> None:
    _, out = published
    report = validate_package(out)
    assert report["valid"], report


def test_the_package_records_provenance_and_reads_back(
    published: tuple[TablesResult, Path],
) -> None:
    result, out = published
    descriptor, tables = read_package(out)
    meta = descriptor["palermo"]
    assert meta["software"]["name"] == "palermo"
    assert meta["disclosure"]["threshold"] == 5
    assert meta["disclosure"]["protection"] == 5
    assert meta["reference_period"] == "2024"
    assert meta["population"]["file"].endswith("population_2024.csv")
    assert [t.spec.id for t in tables] == [t.spec.id for t in result.tables]
    assert json.loads((out / "tables_config.json").read_text())["threshold"] == 5


def test_the_workbook_has_one_sheet_per_table_with_footnotes_in_two_languages(
    published: tuple[TablesResult, Path],
) -> None:
    result, out = published
    book = load_workbook(out / "tables.xlsx")
    assert len(book.sheetnames) == len(result.tables) + 1
    sheet = book[book.sheetnames[1]]
    assert sheet["A1"].value == result.tables[0].spec.en
    assert sheet["A2"].value == result.tables[0].spec.fr
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("withheld" in t for t in texts)
    assert any("masqués" in t for t in texts)
    about = [
        str(c.value)
        for row in book[book.sheetnames[0]].iter_rows()
        for c in row
        if c.value
    ]
    assert "C" in about
    assert ":" in about
    assert "m" in about
    withheld = sum(1 for t in texts if t == "C")
    assert withheld == sum(
        1 for c in result.tables[0].cells if c["status"] == CellStatus.SUPPRESSED
    )
