from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from palermo.errors import InputError
from palermo.simulate import SimulationConfig, simulate

CONFIG = SimulationConfig(country="PL", victims=400, seed=13)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_the_same_seed_gives_byte_identical_output_across_processes(
    tmp_path: Path,
) -> None:
    here = tmp_path / "here"
    simulate(CONFIG, here)
    # Another interpreter with another hash seed must write the very same bytes.
    there = tmp_path / "there"
    code = (
        "from palermo.simulate import SimulationConfig, simulate;"
        f"simulate(SimulationConfig(country='PL', victims=400, seed=13), {str(there)!r})"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    mine, theirs = _tree(here), _tree(there)
    assert mine.keys() == theirs.keys()
    assert any(name.endswith(".xlsx") for name in mine)
    different = [name for name in mine if mine[name] != theirs[name]]
    assert different == []


def test_another_seed_gives_other_people(tmp_path: Path) -> None:
    simulate(SimulationConfig(country="PL", victims=150, seed=13), tmp_path / "a")
    simulate(SimulationConfig(country="PL", victims=150, seed=14), tmp_path / "b")
    a = (tmp_path / "a" / "truth" / "population.csv").read_bytes()
    b = (tmp_path / "b" / "truth" / "population.csv").read_bytes()
    assert a != b


def test_it_replaces_an_earlier_simulation_but_not_other_files(tmp_path: Path) -> None:
    simulate(
        SimulationConfig(victims=100, seed=1, sources=SimulationConfig().sources[:5]),
        tmp_path / "run",
    )
    simulate(
        SimulationConfig(victims=100, seed=1, sources=SimulationConfig().sources[:2]),
        tmp_path / "run",
    )
    folders = {p.name for p in (tmp_path / "run" / "sources").iterdir()}
    assert "social_services" not in folders  # no stale files from the first run
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(InputError, match="not empty"):
        simulate(SimulationConfig(victims=50), tmp_path / "mine")
