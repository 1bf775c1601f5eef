"""The simulate stage: a synthetic country with known truth."""

from __future__ import annotations

import time
from pathlib import Path

from palermo.pipeline.base import DEMO_SEED, Progress, StageResult, quiet


def simulate_stage(
    out_dir: Path,
    *,
    seed: int = DEMO_SEED,
    config_file: Path | None = None,
    progress: Progress = quiet,
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
