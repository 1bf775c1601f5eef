"""``palermo estimate``: files in, the estimate out, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from palermo.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


def test_it_prints_the_estimate_of_a_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(DATA / "UKdat.csv")]) == 0
    out = capsys.readouterr().out
    assert "11,418" in out
    assert "9,977 – 13,146" in out
    assert "PF:NCA" in out


def test_json_gives_the_keys_the_issue_lists(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["estimate", str(DATA / "Western.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {
        "estimate",
        "ci_low",
        "ci_high",
        "ci_kind",
        "model",
        "observed",
        "lists",
    } <= set(data)
    assert data["model"] == ["A:E"]
    assert data["observed"] == 345
    assert data["estimate"] == pytest.approx(2483.38392023013, rel=1e-6)


def test_bootstrap_seed_and_method_options_reach_the_estimator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["estimate", str(DATA / "Korea.csv"), "--json", "--bootstrap", "40"]
    assert main([*args, "--seed", "5", "--jobs", "1", "--method", "bic"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ci_kind"] == "bca"
    assert data["settings"]["seed"] == 5
    assert data["settings"]["bootstrap"] == 40
    assert data["model"] == ["b:c", "c:d"]  # MultipleSystemsEstimation's [12,23]


def test_doubts_go_to_stderr_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["estimate", str(DATA / "NewOrl.csv"), "--lang", "fr"]) == 0
    captured = capsys.readouterr()
    assert "Seules 13 des 185 personnes" in captured.err
    assert "total estimé" in captured.out


def test_it_estimates_from_a_persons_table_by_stratum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(DATA / "UKdat_4.csv")
    rows = frame.loc[frame.index.repeat(frame["count"])].drop(columns="count")
    persons = rows.rename(columns={c: f"cap_{c.lower()}" for c in rows.columns})
    persons["sex"] = ["female", "male"] * (len(persons) // 2) + ["female"] * (
        len(persons) % 2
    )
    path = tmp_path / "persons.parquet"
    pq.write_table(pa.Table.from_pandas(persons.reset_index(drop=True)), path)
    assert main(["estimate", "--persons", str(path), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["estimate"] == pytest.approx(11015.2444543723, rel=1e-6)
    assert main(["estimate", "--persons", str(path), "--by", "sex", "--json"]) == 0
    strata = json.loads(capsys.readouterr().out)
    assert set(strata["strata"]) == {"female", "male"}
    assert strata["observed"] == 2428


def test_a_missing_file_is_one_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["estimate", str(tmp_path / "none.csv")]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err
    assert "Traceback" not in err


def test_a_file_and_persons_together_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["estimate", str(DATA / "UKdat.csv"), "--persons", "p.parquet"]) == 1
    assert "either" in capsys.readouterr().err


def test_over_the_hub_it_estimates_from_the_latest_run_of_the_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(DATA / "UKdat_4.csv")
    rows = frame.loc[frame.index.repeat(frame["count"])].drop(columns="count")
    persons = pa.Table.from_pandas(
        rows.rename(columns={c: f"cap_{c.lower()}" for c in rows.columns}),
        preserve_index=False,
    )
    runs = tmp_path / "runs" / "2025"
    for version, table in (("v1", persons.slice(0, 500)), ("v2", persons)):
        (runs / version / "linkage").mkdir(parents=True)
        pq.write_table(table, runs / version / "linkage" / "persons.parquet")
    monkeypatch.setenv("PALERMO_HOME", str(tmp_path))
    assert main(["estimate", "--period", "2025", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["observed"] == persons.num_rows  # v2, not the older v1
    assert result["estimate"] == pytest.approx(11015.2444543723, rel=1e-6)


def test_a_period_the_hub_never_ran_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PALERMO_HOME", str(tmp_path))
    assert main(["estimate", "--period", "2031"]) == 1
    err = capsys.readouterr().err
    assert "no stored run for 2031" in err
    assert "persons" in err
