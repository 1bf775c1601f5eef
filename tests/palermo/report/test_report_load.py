"""Reading a directory of stage outputs: this year, the years before, and what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from outputs_builder import Period

from palermo.errors import InputError
from palermo.report import discover_earlier, load_outputs, read_period
from palermo.report.published import read_publication


def test_it_reads_every_stage_of_a_period(current: Period) -> None:
    period = read_period(current.directory)
    assert period.period == "2025"
    assert period.reporting_country == "FR"
    assert period.linkage is not None
    assert period.linkage.records == current.records
    assert period.linkage.persons == current.persons.num_rows
    assert period.estimate is not None
    assert period.estimate.histories is not None
    assert period.tables_config["threshold"] == 5


def test_it_finds_the_earlier_period_stored_beside_the_current_one(
    current: Period,
) -> None:
    inputs = load_outputs(current.directory)
    assert [p.period for p in inputs.earlier] == ["2024"]
    assert inputs.previous is not None
    assert inputs.previous.period == "2024"


def test_it_finds_the_latest_run_of_each_other_year_in_the_hub_layout(
    tmp_path: Path, country: tuple[Period, Period]
) -> None:
    earlier, current = country
    runs = tmp_path / "runs"
    shutil.copytree(earlier.directory, runs / "2024" / "v1")
    shutil.copytree(earlier.directory, runs / "2024" / "v3")
    (runs / "2024" / "v4").mkdir()  # a run without tables is not a finished one
    shutil.copytree(current.directory, runs / "2025" / "v2")
    assert discover_earlier(runs / "2025" / "v2") == [(runs / "2024" / "v3").resolve()]


def test_a_directory_without_published_tables_is_refused_naming_what_is_missing(
    tmp_path: Path,
) -> None:
    (tmp_path / "linkage").mkdir()
    with pytest.raises(InputError, match=r"missing: estimate/, tables/"):
        read_period(tmp_path)


def test_two_directories_for_the_same_period_are_refused(current: Period) -> None:
    with pytest.raises(InputError, match="two output directories for the period 2025"):
        load_outputs(current.directory, [current.directory], discover=False)


def test_a_cell_with_an_unknown_status_is_reported_with_its_line_and_column(
    tmp_path: Path, current: Period
) -> None:
    tables = tmp_path / "tables"
    shutil.copytree(current.directory / "tables", tables)
    path = tables / "data" / "victims_by_sex.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",value,", ",hidden,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"victims_by_sex.csv, line 3, column status: .*'hidden'"
    ):
        read_publication(tables)


def test_a_published_table_finds_a_cell_by_its_breakdown(current: Period) -> None:
    publication = read_publication(current.directory / "tables")
    table = publication.table("victims_by_sex")
    assert table is not None
    total = table.find()
    assert total is not None
    assert total.value == current.persons.num_rows
    once = publication.table("victims_by_form_once")
    assert once is not None
    assert once.find(EXPLOIT_ONCE="SEX") is not None


def test_labels_come_from_the_published_structure_in_both_languages(
    current: Period,
) -> None:
    publication = read_publication(current.directory / "tables")
    table = publication.table("victims_by_sex")
    assert table is not None
    assert publication.label(table, "SEX", "F", "en") == "Female"
    assert publication.label(table, "SEX", "F", "fr") == "Femme"


def test_linkage_settings_are_the_runs_configuration_not_splinks_raw_model(
    current: Period,
) -> None:
    period = read_period(current.directory)
    assert period.linkage is not None
    assert period.linkage.config["threshold"] == 0.92
    assert "model" not in period.linkage.config
