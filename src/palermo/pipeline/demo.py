"""``palermo demo``: every stage that exists, in order, on a generated country."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from palermo.errors import InputError
from palermo.pipeline.base import DEMO_SEED, Progress, StageResult, quiet
from palermo.pipeline.encoding import encode_stage
from palermo.pipeline.estimation import estimate_stage
from palermo.pipeline.hub import hub_stage
from palermo.pipeline.reporting import demo_report
from palermo.pipeline.simulation import simulate_stage
from palermo.pipeline.tabulation import tables_stage

logger = logging.getLogger(__name__)

# The folders a demo writes besides simulation/, removed when it runs again.
STAGE_FOLDERS = ("sources", "hub", "linkage", "tables", "estimate", "report")


def run_demo(
    out_dir: Path, *, seed: int = DEMO_SEED, progress: Progress = quiet
) -> list[StageResult]:
    """The main job on a generated country: every stage, in order.

    Simulate a country; each source encodes its victims' identities with a shared key
    the hub never holds; submit every source's files to a fresh hub; read the period's
    current records back out of the hub, as the hub's annual run does; link victims
    into persons (measured against the simulation's truth); tables with disclosure
    control and their exports; the estimate of the hidden total; the report. Outputs
    go to one folder per stage under ``out_dir``.
    """
    from palermo.linkage import LinkageConfig
    from palermo.pipeline.linkage import link_stage

    _prepare_demo_folder(out_dir)
    simulated = simulate_stage(out_dir / "simulation", seed=seed, progress=progress)
    simulation = simulated.details["simulation"]
    # The sources encode identities with a key they share and the hub never holds.
    encoded = encode_stage(simulation, out_dir / "sources", progress=progress)
    hub = hub_stage(
        simulation,
        out_dir / "hub",
        encoded=encoded.details["files"],
        progress=progress,
    )
    records: dict[str, Path] = hub.details["records"]
    if "victims" not in records:
        raise InputError("the hub accepted no victim records; see hub/rejected/")
    linked = link_stage(
        records["victims"],
        out_dir / "linkage",
        LinkageConfig(
            reporting_country=simulation.country,
            reference_period=str(simulation.year),
        ),
        truth=simulation.out_dir / "truth" / "records.csv",
        progress=progress,
    )
    persons: Path = linked.details["persons"]
    results = [
        simulated,
        encoded,
        hub,
        linked,
        tables_stage(
            persons,
            out_dir / "tables",
            suspects_path=records.get("suspects"),
            proceedings_path=records.get("proceedings"),
            progress=progress,
        ),
        estimate_stage(persons, out_dir / "estimate", progress=progress),
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
        # The stages write afresh; nothing of an earlier run may be mistaken for this one.
        for stage in STAGE_FOLDERS:
            shutil.rmtree(out_dir / stage, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
