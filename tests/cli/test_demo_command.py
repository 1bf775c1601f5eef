from __future__ import annotations

from pathlib import Path

import pytest

from palermo.cli import main


@pytest.mark.slow
def test_palermo_demo_runs_every_stage_into_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "Palermo demo" in shown
    assert "true victims" in shown
    assert (out / "simulation" / "truth" / "records.csv").exists()
    assert (out / "simulation" / "config.json").exists()
