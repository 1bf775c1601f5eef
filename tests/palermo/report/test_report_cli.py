"""``palermo report`` from the command line, over files and over the hub."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from outputs_builder import Period

from palermo.cli import main

# Each builds whole reports (about 10 s on a shared machine): run by `make test`.
pytestmark = pytest.mark.slow


def test_it_writes_the_report_from_a_directory_of_outputs(
    current: Period, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert (
        main(
            [
                "report",
                "--from",
                str(current.directory),
                "--out",
                str(out),
                "--lang",
                "fr",
                "--json",
            ]
        )
        == 0
    )
    written = json.loads(capsys.readouterr().out)
    assert written["period"] == "2025"
    assert Path(written["html"]) == out / "report.html"
    assert (out / "report.html").is_file()
    assert '<html lang="fr">' in (out / "report.html").read_text(encoding="utf-8")


def test_over_the_hub_it_reads_the_latest_run_of_the_period(
    country: tuple[Period, Period],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    earlier, current = country
    shutil.copytree(current.directory, tmp_path / "home" / "runs" / "2025" / "v2")
    shutil.copytree(earlier.directory, tmp_path / "home" / "runs" / "2024" / "v1")
    monkeypatch.setenv("PALERMO_HOME", str(tmp_path / "home"))
    out = tmp_path / "report"
    assert main(["report", "--period", "2025", "--out", str(out), "--json"]) == 0
    config = json.loads((out / "report_config.json").read_text())
    assert config["sources"][0].endswith("runs/2025/v2")
    assert config["sources"][1].endswith("runs/2024/v1")


def test_over_a_hub_without_runs_it_says_which_outputs_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PALERMO_HOME", str(tmp_path))
    assert main(["report", "--period", "2025", "--out", str(tmp_path / "r")]) == 1
    error = capsys.readouterr().err
    assert "no stored run for 2025" in error
    assert "linkage/" in error
    assert "tables/" in error


def test_it_needs_exactly_one_of_from_and_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--out", str(tmp_path)]) == 1
    assert "either --from DIR" in capsys.readouterr().err


def test_it_refuses_a_language_it_does_not_speak(
    current: Period, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "report",
                "--from",
                str(current.directory),
                "--out",
                str(tmp_path),
                "--lang",
                "de",
            ]
        )
        == 1
    )
    assert "en or fr" in capsys.readouterr().err


def test_it_tells_which_stage_outputs_a_directory_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outputs" / "linkage").mkdir(parents=True)
    assert (
        main(
            [
                "report",
                "--from",
                str(tmp_path / "outputs"),
                "--out",
                str(tmp_path / "r"),
            ]
        )
        == 1
    )
    assert "missing: estimate/, tables/" in capsys.readouterr().err


def test_the_demo_ends_with_the_report_once_its_tables_exist(
    current: Period, tmp_path: Path
) -> None:
    from palermo.pipeline import demo_report

    assert demo_report(tmp_path) == []  # no tables yet: nothing to report on
    demo = tmp_path / "demo"
    for stage in ("linkage", "estimate", "tables"):
        shutil.copytree(current.directory / stage, demo / stage)
    (result,) = demo_report(demo)
    assert result.stage == "report"
    assert (demo / "report" / "report.html").is_file()
    assert result.summary["HTML"] == str(demo / "report" / "report.html")
