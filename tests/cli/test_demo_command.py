from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_palermo_demo_runs_every_stage_into_its_own_folder(tmp_path: Path) -> None:
    # In a fresh process, as a user runs it: the demo opens its own embedded hub under
    # DIR/hub, not the test suite's database.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DB", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PALERMO_HOME"}
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["COLUMNS"] = "200"
    out = tmp_path / "demo"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from palermo.cli import main; sys.exit(main())",
            "demo",
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # The terminal keeps our progress and summary: libraries' narration (Splink's
    # training, WeasyPrint's CSS notes) stays out of it unless --debug.
    assert "WARNING" not in done.stderr
    assert "max_pairs" not in done.stderr
    shown = done.stdout
    assert "Palermo demo" in shown
    assert "true victims" in shown
    assert (out / "simulation" / "truth" / "records.csv").exists()
    assert (out / "simulation" / "config.json").exists()
    assert (out / "hub" / "palermo.sqlite3").exists()
    assert "submissions stored" in shown
    assert not (out / "hub" / "rejected").exists()
    # Linkage: records become persons, measured against the simulation's truth.
    for name in ("persons.parquet", "record_map.parquet", "linkage_report.json"):
        assert (out / "linkage" / name).exists(), name
    assert "persons" in shown
    assert "measured precision" in shown
    # Tables and their three exports, named in the summary.
    assert (out / "tables" / "datapackage.json").exists()
    assert (out / "tables" / "tables.xlsx").exists()
    assert list((out / "tables" / "sdmx").glob("*.csv"))
    assert "datapackage.json" in shown
    assert "tables.xlsx" in shown
    # The estimate of the hidden total ends the statistics, with its interval.
    assert (out / "estimate" / "estimate.json").exists()
    assert "estimated total" in shown
    assert "interval" in shown
    # The report, and its path printed.
    assert (out / "report" / "report.html").exists()
    assert "report.html" in shown
    # It ends with the headline: persons, the hidden total beside the truth, the report.
    ending = shown[shown.index("distinct persons") :]
    assert "Estimated total of victims, seen and unseen" in ending
    assert "the simulated truth" in ending
    assert "Report:" in ending
    _no_identity_reached_the_hub(out)


def _no_identity_reached_the_hub(out: Path) -> None:
    """The sources encoded before sending: no name, date of birth or document number
    of a simulated victim is in the hub's database or in any output after it."""
    import pyarrow.csv as csv
    import pyarrow.parquet as pq

    assert (out / "sources" / "linkage.key").exists()
    assert not list(out.glob("hub/**/*.key"))
    truth = csv.read_csv(out / "simulation" / "truth" / "population.csv").to_pydict()
    secrets = {
        str(v)
        for name in ("family_names", "given_names", "document_number")
        for v in truth[name]
        if v is not None and len(str(v)) >= 6
    }
    # Dates of birth, except the youngest, whose days may be registration dates too.
    secrets |= {str(v) for v in truth["date_of_birth"] if v and v.year < 2020}
    # The hub stores each record's values as a JSON array: a value sent in clear would
    # stand there whole, between quotes (a bare substring can occur by chance in the
    # base64 text of the encodings).
    database = (out / "hub" / "palermo.sqlite3").read_bytes().decode("utf-8", "ignore")
    assert not [s for s in secrets if f'"{s}"' in database]
    for path in [*out.glob("hub/**/*.parquet"), *out.glob("linkage/**/*.parquet")]:
        table = pq.read_table(path)
        values = {str(v) for column in table.columns for v in column.to_pylist()}
        assert not secrets & values, path.name
    linked = (out / "linkage" / "linkage_report.json").read_text(encoding="utf-8")
    assert '"mode": "encoded"' in linked


def test_palermo_demo_refuses_a_folder_that_is_not_a_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from palermo.cli import main

    (tmp_path / "notes.txt").write_text("mine")
    assert main(["demo", "--out", str(tmp_path)]) == 1
    message = " ".join(capsys.readouterr().err.split())  # Rich wraps long lines
    assert "is not empty and holds no earlier demo" in message
    assert (tmp_path / "notes.txt").read_text() == "mine"
