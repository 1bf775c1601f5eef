"""End-to-end stages shared by the CLI, the web hub and ``palermo demo``.

Each stage is one small function that does one step of the main job and returns a
:class:`StageResult` saying where its outputs are and what it produced. ``run_demo``
is nothing but the list of stages in order; each new stage (linkage, estimation,
tables, report) adds one line there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# progress(stage, done, total): called as a stage advances, for progress bars.
Progress = Callable[[str, int, int], None]

DEMO_SEED = 2025


@dataclass(frozen=True)
class StageResult:
    """What one stage produced.

    Attributes:
        stage: the stage's name (also the name of its output folder in a demo).
        folder: where its outputs are.
        summary: a few headline figures, in order, for the final summary.
        seconds: wall time of the stage.
        details: anything later stages need (paths, ids), not shown.
    """

    stage: str
    folder: Path
    summary: dict[str, Any]
    seconds: float
    details: dict[str, Any] = field(default_factory=dict)


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: nothing to show."""


def simulate_stage(
    out_dir: Path,
    *,
    seed: int = DEMO_SEED,
    config_file: Path | None = None,
    progress: Progress = _quiet,
) -> StageResult:
    """Simulate a country into ``out_dir`` (see :mod:`palermo.simulate`)."""
    from palermo.simulate import SimulationConfig, simulate_country, write_simulation

    started = time.perf_counter()
    progress("simulate", 0, 2)
    if config_file is not None:
        config = SimulationConfig.from_json(config_file)
    else:
        config = SimulationConfig(seed=seed)
    simulation = simulate_country(config)
    progress("simulate", 1, 2)
    result = write_simulation(simulation, out_dir)
    progress("simulate", 2, 2)
    return StageResult(
        stage="simulate",
        folder=out_dir,
        summary={
            "country": f"{result.country} {result.year}",
            "true victims": result.victims,
            "seen by a source": result.victims_seen,
            "victim records": result.victim_records,
            "suspect records": result.suspect_records,
            "proceedings": result.proceeding_records,
            "source files": len(result.files),
        },
        seconds=time.perf_counter() - started,
        details={"simulation": result},
    )


def run_demo(
    out_dir: Path, *, seed: int = DEMO_SEED, progress: Progress = _quiet
) -> list[StageResult]:
    """The main job on a generated country: every stage that exists, in order.

    Outputs go to one folder per stage under ``out_dir`` (``simulation/``, ``hub/``...).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [
        simulate_stage(out_dir / "simulation", seed=seed, progress=progress),
    ]
    for result in results:
        logger.info("stage %s done in %.1f s", result.stage, result.seconds)
    return results


__all__ = ["DEMO_SEED", "Progress", "StageResult", "run_demo", "simulate_stage"]
