"""docs/cli.md is the commands' own help: regenerated with `make docs` when they change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_command_reference_is_current(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer = Path(sys.executable).with_name("typer")
    subprocess.run(
        [str(typer), "palermo.cli", "utils", "docs", "--name", "palermo"]
        + ["--output", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == out.read_text(encoding="utf-8"), "run `make docs`"
