from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from palermo.cli import main


def test_palermo_simulate_writes_a_country_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sim"
    code = main(
        [
            "simulate",
            "--out",
            str(out),
            "--country",
            "ro",
            "--victims",
            "300",
            "--sources",
            "3",
            "--seed",
            "4",
            "--year",
            "2024",
        ]
    )
    assert code == 0
    shown = capsys.readouterr().out
    assert "RO 2024: 300 true victims" in shown
    config = json.loads((out / "config.json").read_text())
    assert (config["country"], config["year"], config["seed"]) == ("RO", 2024, 4)
    assert [s["organisation_id"] for s in config["sources"]] == [
        "police",
        "ngo",
        "labour_inspectorate",
    ]
    assert (out / "truth" / "records.csv").exists()


def test_options_win_over_the_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"victims": 150, "seed": 9, "errors": "hard"}))
    code = main(
        [
            "simulate",
            "--out",
            str(tmp_path / "sim"),
            "--config",
            str(settings),
            "--seed",
            "10",
            "--json",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["victims"] == 150
    written = json.loads((tmp_path / "sim" / "config.json").read_text())
    assert written["seed"] == 10
    assert written["errors"]["typo"] == 0.04  # the hard preset, from the file


def test_a_named_error_preset_can_be_chosen(tmp_path: Path) -> None:
    assert (
        main(
            [
                "simulate",
                "--out",
                str(tmp_path),
                "--victims",
                "100",
                "--errors",
                "clean",
            ]
        )
        == 0
    )
    errors = pd.read_csv(tmp_path / "truth" / "record_errors.csv")
    assert list(errors.columns) == ["source", "record_id", "error"]
    assert errors.empty


def test_bad_input_is_one_clear_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["simulate", "--out", str(tmp_path), "--country", "ZZ"])
    assert code == 1
    err = capsys.readouterr().err
    assert "no population figure for country 'ZZ'" in err
    assert "Traceback" not in err
    assert main(["simulate", "--out", str(tmp_path), "--errors", "awful"]) == 1
    assert "clean, default, hard" in capsys.readouterr().err


def test_the_command_needs_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate"]) == 2
    assert "--out" in capsys.readouterr().err
