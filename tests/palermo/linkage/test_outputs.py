"""The outputs of a linkage run are what the later stages and the report read."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from palermo.linkage import LinkageResult, write_outputs
from palermo.linkage.outputs import OUTPUT_FILES


@pytest.fixture(scope="module")
def written(
    encoded_result: LinkageResult, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return write_outputs(encoded_result, tmp_path_factory.mktemp("linkage"))


def test_every_output_is_written(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == sorted(OUTPUT_FILES)


def test_the_persons_table_reads_as_the_tables_stage_reads_it(written: Path) -> None:
    from palermo.tables.aggregate import PERSON_COLUMNS, _require
    from palermo.tables.inputs import read_persons

    persons = read_persons(written / "persons.parquet")
    assert persons.reporting_country == "FR"
    assert persons.period == "2025"
    _require(persons.table, PERSON_COLUMNS, "persons")


def test_the_persons_table_gives_capture_histories_for_estimation(
    written: Path, encoded_result: LinkageResult
) -> None:
    from palermo.estimate import capture_histories

    persons = pq.read_table(written / "persons.parquet")
    counts = capture_histories(persons)
    assert int(counts["count"].sum()) == persons.num_rows
    sources = sorted(encoded_result.report["sources"])
    assert sorted(c for c in counts.columns if c != "count") == sources


def test_each_person_counts_their_records(written: Path) -> None:
    persons = pq.read_table(written / "persons.parquet")
    records = pq.read_table(written / "record_map.parquet")
    assert records.column_names == ["source", "record_id", "person_id"]
    assert sum(persons["n_records"].to_pylist()) == records.num_rows
    assert set(persons["person_id"].to_pylist()) == set(
        records["person_id"].to_pylist()
    )


def test_the_report_reader_finds_the_figures_it_shows(written: Path) -> None:
    from palermo.report.load import read_linkage
    from palermo.report.quality import LINKAGE_FACTS, _at

    linkage = read_linkage(written)
    assert linkage is not None
    for path in LINKAGE_FACTS:
        assert _at(linkage.report, path) is not None, path
    assert linkage.report["by_threshold"]
    assert linkage.report["parameters"]
    assert linkage.config["threshold"] == 0.9


def test_no_output_holds_an_identity_value(written: Path, country: object) -> None:
    tables: list[pa.Table] = country.tables  # type: ignore[attr-defined]
    secrets = _identity_values(tables)
    for path in written.iterdir():
        data = path.read_bytes()
        found = [s for s in secrets if s.encode() in data]
        assert found == [], path.name


def _identity_values(tables: list[pa.Table]) -> set[str]:
    values: set[str] = set()
    for table in tables:
        for name in ("given_names", "family_names", "document_number"):
            values.update(v for v in table[name].to_pylist() if v and len(v) >= 5)
        values.update(
            d.isoformat() for d in table["date_of_birth"].to_pylist() if d is not None
        )
    return values


def test_the_settings_say_how_to_reproduce_the_run(written: Path) -> None:
    settings = json.loads((written / "linkage_settings.json").read_text())
    assert settings["config"]["mode"] is None or settings["config"]["mode"] in {
        "encoded",
        "plain",
    }
    assert settings["model"]["comparisons"]
