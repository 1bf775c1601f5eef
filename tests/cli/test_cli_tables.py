"""``palermo tables`` and ``palermo tables audit`` from the command line."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "palermo" / "tables"))

from tables_builders import (  # noqa: E402
    person,
    persons_table,
    proceedings_table,
    suspects_table,
    write_persons,
)

from palermo.cli import main  # noqa: E402
from tests.palermo_web.records import write_records  # noqa: E402


def _people() -> list[dict[str, object]]:
    return (
        [person()] * 40
        + [person(sex="male", citizenship="NG", forms=["labour"], orgs=["ngo"])] * 25
        + [person(sex="other", age=16, citizenship="RO", orgs=["court"])] * 2
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    persons = write_persons(persons_table(_people()), folder / "persons.parquet")
    earlier = write_persons(
        persons_table(_people()[:30]), folder / "persons_2023.parquet", period="2023"
    )
    pq.write_table(
        suspects_table([{}] * 9 + [{"sex": "female"}] * 6), folder / "s.parquet"
    )
    pq.write_table(proceedings_table(["trial"] * 7), folder / "p.parquet")
    out = folder / "out"
    code = main(
        [
            "tables",
            str(persons),
            str(earlier),
            "--out",
            str(out),
            "--suspects",
            str(folder / "s.parquet"),
            "--proceedings",
            str(folder / "p.parquet"),
            "--threshold",
            "5",
        ]
    )
    assert code == 0
    return out


def test_it_writes_sdmx_frictionless_and_excel(built: Path) -> None:
    assert (built / "datapackage.json").is_file()
    assert (built / "tables.xlsx").is_file()
    names = {p.stem for p in (built / "sdmx").glob("*.csv")}
    assert {"victims_by_sex", "traffickers_by_sex", "victims_trend_by_sex"} <= names
    assert (built / "sdmx" / "structure.xml").is_file()


def test_the_audit_passes_on_what_it_published(built: Path) -> None:
    assert main(["tables", "audit", str(built)]) == 0


def test_the_audit_fails_when_a_withheld_cell_is_given_back(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Publish the true value of one withheld cell (as a careless edit would):
    # its partners in the pattern become recomputable.
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    path = copy / "data" / "victims_by_organisation_sex.csv"
    rows = list(csv.DictReader(path.open()))
    target = next(r for r in rows if r["status"] == "suppressed" and r["SEX"] == "OTH")
    target.update(value="2", status="value")
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    capsys.readouterr()
    assert main(["tables", "audit", str(copy), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is False
    assert report["failures"]


def test_a_missing_persons_file_is_one_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", str(tmp_path / "nope.parquet"), "--out", str(tmp_path)]) == 1
    assert "no persons file" in capsys.readouterr().err


def test_a_persons_file_without_its_country_asks_for_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "persons.parquet"
    pq.write_table(persons_table(_people()), path)
    assert main(["tables", str(path), "--out", str(tmp_path / "o")]) == 1
    assert "--country" in capsys.readouterr().err


def test_a_persons_file_whose_country_is_unknown_asks_for_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What linkage writes when nobody told it the reporting country.
    path = write_persons(
        persons_table(_people()), tmp_path / "persons.parquet", "unknown"
    )
    assert main(["tables", str(path), "--out", str(tmp_path / "o")]) == 1
    assert "--country" in capsys.readouterr().err
    assert (
        main(["tables", str(path), "--out", str(tmp_path / "o"), "--country", "FR"])
        == 0
    )


def test_cell_key_publication_writes_perturbed_tables_that_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palermo.tables.export import validate_package

    monkeypatch.setenv("PALERMO_NOISE_KEY", "correct horse battery staple")
    persons = write_persons(persons_table(_people()), tmp_path / "persons.parquet")
    out = tmp_path / "out"
    assert (
        main(["tables", str(persons), "--out", str(out), "--method", "cell_key"]) == 0
    )
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert descriptor["palermo"]["settings"]["method"] == "cell_key"
    assert "correct horse" not in (out / "datapackage.json").read_text()
    assert validate_package(out)["valid"]
    rows = list(csv.DictReader((out / "data" / "victims_by_sex.csv").open()))
    assert all(r["status"] != "suppressed" for r in rows)


def _stored_run(home: Path, period: str, version: str, people: list[dict]) -> None:
    # A finished run as the hub leaves it: runs/<period>/v<n>/linkage/persons.parquet.
    # The hub's persons may not say their period: the run's folder does.
    folder = home / "runs" / period / version / "linkage"
    folder.mkdir(parents=True)
    table = persons_table(people).replace_schema_metadata({b"reporting_country": b"FR"})
    pq.write_table(table, folder / "persons.parquet")


@pytest.mark.django_db
def test_over_the_hub_it_tables_the_latest_run_with_earlier_periods_as_trends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, police: Any
) -> None:
    from palermo_web.submissions.services import submit_file

    # The traffickers' tables come from the suspects the hub holds for the period.
    suspects = [
        {
            "source_record_id": f"S{n}",
            "organisation_id": "police-paris",
            "organisation_type": "police",
            "record_date": "2025-03-01",
            "stage": "suspected",
            "sex": "male",
        }
        for n in range(7)
    ]
    path = write_records(tmp_path / "suspects.csv", suspects)
    submit_file(path, kind="suspects", organisation_id="police-paris", period=2025)
    home = tmp_path / "home"
    _stored_run(home, "2025", "v1", _people()[:10])
    _stored_run(home, "2025", "v2", _people())
    _stored_run(home, "2024", "v1", _people()[:30])
    _stored_run(home, "2026", "v1", _people()[:20])  # later: not a trend of 2025
    (home / "runs" / "2023" / ".v1-unfinished").mkdir(parents=True)
    monkeypatch.setenv("PALERMO_HOME", str(home))
    out = tmp_path / "out"
    assert main(["tables", "--period", "2025", "--out", str(out)]) == 0
    assert main(["tables", "audit", str(out)]) == 0
    rows = list(csv.DictReader((out / "data" / "victims_trend_by_status.csv").open()))
    assert {r["TIME_PERIOD"] for r in rows} == {"2024", "2025"}
    rows = list(csv.DictReader((out / "data" / "traffickers_by_sex.csv").open()))
    total = next(r for r in rows if r["SEX"] == "_T" and r["LEG_STAT"] == "SUSP")
    assert total["value"] == "7"
    descriptor = json.loads((out / "datapackage.json").read_text())
    inputs = descriptor["palermo"]["inputs"]["persons"]
    assert [(i["reference_period"], i["persons"]) for i in inputs] == [
        ("2025", len(_people())),  # the latest run, v2
        ("2024", 30),
    ]


def test_over_the_hub_a_period_without_a_run_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PALERMO_HOME", str(tmp_path))
    assert main(["tables", "--period", "2025", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "no stored run for 2025" in err
    assert "persons file" in err


def test_without_persons_or_period_it_says_what_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", "--out", str(tmp_path / "o")]) == 1
    assert "--period" in capsys.readouterr().err
