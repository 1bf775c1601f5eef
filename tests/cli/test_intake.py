from __future__ import annotations

import json
from pathlib import Path

import pytest

from palermo.cli import main
from palermo.cli._app import out_console

HEADER = "source_record_id,organisation_id,organisation_type,registration_date,status,family_names,age\n"


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "victims.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_validate_exits_0_on_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, "v1,ngo-1,ngo,2024-01-02,presumed,Popescu,30")
    assert main(["validate", str(path), "--kind", "victims"]) == 0
    assert "1 rows, 0 errors, 0 warnings" in capsys.readouterr().out


def test_validate_json_lists_every_issue_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(
        tmp_path,
        "v1,ngo-1,ngo,2024-01-02,presumed,Popescu,-3",
        "v1,ngo-1,nope,2024-01-02,presumed,Ionescu,101",
    )
    assert main(["validate", str(path), "--kind", "victims", "--json"]) == 1
    out = capsys.readouterr().out
    report = json.loads(out)
    assert report["valid"] is False
    assert report["rows"] == 2
    found = {
        (i["row"], i["column"], i["code"], i["severity"]) for i in report["issues"]
    }
    assert found == {
        (2, "age", "value.below_minimum", "error"),
        (3, "organisation_type", "value.unknown_code", "error"),
        (3, "source_record_id", "record.duplicate_id", "error"),
        (3, "age", "value.implausible", "warning"),
    }
    assert "Popescu" not in out
    assert "Ionescu" not in out


def test_validate_table_shows_the_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(out_console, "width", 160)
    path = _file(tmp_path, "v1,ngo-1,ngo,2024-02-30,presumed,,30")
    assert main(["validate", str(path), "--kind", "victims"]) == 1
    out = capsys.readouterr().out
    assert "value.invalid_date" in out
    assert "2024-02-30" in out


def test_validate_of_a_missing_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "no.csv"), "--kind", "victims"]) == 1
    assert "file not found" in capsys.readouterr().err


def test_validate_with_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    path = _file(tmp_path, "v1,ngo-1,ngo,2024-01-02,presumed,,30")
    assert main(["validate", str(path), "--kind", "cats"]) == 2
