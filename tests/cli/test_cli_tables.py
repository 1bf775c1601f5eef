"""``palermo tables`` and ``palermo tables audit`` from the command line."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

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
