from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pytest

from palermo.cli import main
from palermo.standard import Kind, fields_of
from palermo.standard.export import export_datapackage


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_datapackage(tmp_path_factory.mktemp("standard"))


def test_frictionless_accepts_the_exported_package(package: Path) -> None:
    report = frictionless.validate(package)
    assert report.valid, report.flatten(["type", "note"])
    names = {task.name for task in report.tasks}
    assert {"victims", "suspects", "proceedings", "codelist-country"} <= names


def test_each_kind_has_a_table_schema_with_enums_and_constraints(package: Path) -> None:
    schema = json.loads((package.parent / "schemas" / "victims.json").read_text())
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == [f.name for f in fields_of(Kind.VICTIMS)]
    assert fields["sex"]["constraints"]["enum"] == [
        "female",
        "male",
        "other",
        "unknown",
        "not_applicable",
    ]
    assert fields["status"]["constraints"]["required"] is True
    assert fields["age"]["constraints"] == {"minimum": 0, "maximum": 120}
    assert fields["registration_date"]["type"] == "date"
    assert fields["family_names"]["palermo:identity"] is True
    assert fields["sex"]["palermo:description_fr"] == "Sexe."


def _check(package: Path, kind: str, changes: dict[str, str]) -> list[str]:
    """frictionless's error types for the example record with ``changes``."""
    folder = package.parent
    path = folder / "data" / f"{kind}.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0].update(changes)
    bad = folder / f"bad-{kind}.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    descriptor = json.loads((folder / "schemas" / f"{kind}.json").read_text())
    schema = frictionless.Schema.from_descriptor(descriptor)
    resource = frictionless.Resource(path=bad.name, basepath=str(folder), schema=schema)
    report = frictionless.validate(resource)
    return [error.type for error in report.tasks[0].errors]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"sex": "F"}, "constraint-error"),
        ({"age": "-1"}, "constraint-error"),
        ({"status": ""}, "constraint-error"),
        ({"registration_date": "01/03/2024"}, "type-error"),
        ({"forms_of_exploitation": "sexual;pickpocketing"}, "constraint-error"),
    ],
)
def test_the_schemas_reject_what_the_standard_rejects(
    package: Path, changes: dict[str, str], error: str
) -> None:
    assert _check(package, "victims", changes) == [error]


def test_multi_valued_codes_pass_the_pattern(package: Path) -> None:
    assert _check(package, "victims", {"forms_of_exploitation": "labour;begging"}) == []


def test_the_cli_writes_the_package(tmp_path: Path) -> None:
    assert main(["standard", "export", "--out", str(tmp_path / "std")]) == 0
    assert frictionless.validate(tmp_path / "std" / "datapackage.json").valid


def test_the_cli_lists_the_codes_of_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standard", "codes", "sex", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "Femme" in out
    assert "not_applicable" in out
    assert main(["standard", "codes", "colour"]) == 1
