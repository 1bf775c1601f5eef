"""``palermo demo``: every stage that exists, in order, on a generated country."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from palermo.errors import InputError
from palermo.pipeline.base import DEMO_SEED, Progress, StageResult, quiet
from palermo.pipeline.hub import hub_stage
from palermo.pipeline.reporting import demo_report
from palermo.pipeline.simulation import simulate_stage

logger = logging.getLogger(__name__)


def run_demo(
    out_dir: Path, *, seed: int = DEMO_SEED, progress: Progress = quiet
) -> list[StageResult]:
    """The main job on a generated country: every stage that exists, in order.

    Outputs go to one folder per stage under ``out_dir`` (``simulation/``, ``hub/``...).
    """
    _prepare_demo_folder(out_dir)
    simulated = simulate_stage(out_dir / "simulation", seed=seed, progress=progress)
    results = [
        simulated,
        hub_stage(simulated.details["simulation"], out_dir / "hub", progress=progress),
    ]
    results += demo_report(out_dir, progress=progress)
    for result in results:
        logger.info("stage %s done in %.1f s", result.stage, result.seconds)
    return results


def _prepare_demo_folder(out_dir: Path) -> None:
    """Start a demo afresh: an earlier demo's hub goes (the demo makes a new one); a
    folder that holds anything else is refused rather than written over."""
    earlier = (out_dir / "simulation" / "manifest.json").exists()
    if out_dir.is_dir() and any(out_dir.iterdir()) and not earlier:
        raise InputError(
            f"{out_dir} is not empty and holds no earlier demo; choose another --out"
        )
    if earlier:
        shutil.rmtree(out_dir / "hub", ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
