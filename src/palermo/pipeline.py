"""End-to-end stages shared by the CLI, the web hub and ``palermo demo``.

Each stage is one small function that does one step of the main job and returns a
:class:`StageResult` saying where its outputs are and what it produced. ``run_demo``
is nothing but the list of stages in order; each new stage (linkage, estimation,
tables, report) adds one line there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
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


@dataclass
class TablesOutputs:
    """Details of :func:`tables_stage` for later stages: the run and its files."""

    result: Any  # palermo.tables.TablesResult
    paths: dict[str, Path]
    audit_passed: bool


def tables_stage(
    persons_path: str | Path,
    out_dir: str | Path,
    *,
    earlier_persons: Sequence[str | Path] = (),
    suspects_path: str | Path | None = None,
    proceedings_path: str | Path | None = None,
    population: str | Path | None = None,
    threshold: int = 5,
    config: Any = None,
    reporting_country: str | None = None,
    period: str | None = None,
    progress: Progress = _quiet,
    noise_secret: bytes | None = None,
) -> StageResult:
    """Tables, disclosure control, the three exports and the audit of one period.

    Args:
        persons_path: the persons table of the period (``persons.parquet``).
        out_dir: where ``sdmx/``, ``datapackage.json`` and ``tables.xlsx`` go.
        earlier_persons: persons tables of earlier periods, for the trend tables.
        suspects_path, proceedings_path: normalised record tables, if any.
        population: a population denominators CSV; the shipped EU file by default.
        threshold: the suppression threshold (ignored when ``config`` is given).
        config: a full :class:`palermo.tables.TablesConfig`.
        reporting_country, period: override the persons file's metadata.
        progress: called as the stage advances.
        noise_secret: the publisher's secret, for ``config.method == "cell_key"``.

    Returns:
        The stage result; ``details["tables"]`` is a :class:`TablesOutputs`.
    """
    from palermo.errors import InputError
    from palermo.tables import TablesConfig, audit_directory, build_tables
    from palermo.tables.export import write_outputs
    from palermo.tables.inputs import read_persons, read_records

    started = time.perf_counter()
    progress("tables", 0, 3)
    if config is None:
        config = TablesConfig(
            threshold=threshold, population=str(population) if population else None
        )
    if not isinstance(config, TablesConfig):
        raise InputError("config must be a palermo.tables.TablesConfig")
    current = read_persons(
        persons_path, reporting_country=reporting_country, period=period
    )
    by_period = {current.period: current}
    for path in earlier_persons:
        earlier = read_persons(path, reporting_country=current.reporting_country)
        if earlier.period in by_period:
            raise InputError(
                f"two persons files for the reference period {earlier.period}: "
                f"{Path(by_period[earlier.period].path).name} and {Path(path).name}"
            )
        by_period[earlier.period] = earlier
    provenance = {
        "inputs": {
            "persons": [p.provenance() for p in by_period.values()],
            "suspects": Path(suspects_path).name if suspects_path else None,
            "proceedings": Path(proceedings_path).name if proceedings_path else None,
        },
        "linkage_run": current.metadata.get("linkage_run"),
    }
    result = build_tables(
        {p: i.table for p, i in by_period.items()},
        period=current.period,
        reporting_country=current.reporting_country,
        suspects=read_records(suspects_path, "suspects") if suspects_path else None,
        proceedings=(
            read_records(proceedings_path, "proceedings") if proceedings_path else None
        ),
        config=config,
        provenance=provenance,
        noise_secret=noise_secret,
    )
    progress("tables", 1, 3)
    paths = write_outputs(result, out_dir)
    progress("tables", 2, 3)
    audit = audit_directory(out_dir)
    progress("tables", 3, 3)
    suppression = result.suppression.summary() if result.suppression else []
    return StageResult(
        stage="tables",
        folder=Path(out_dir),
        summary={
            "tables": len(result.tables),
            "cells withheld (primary)": sum(int(r["primary"]) for r in suppression),
            "cells withheld (secondary)": sum(int(r["secondary"]) for r in suppression),
            "audit": "passed" if audit.passed else "FAILED",
            "SDMX-CSV": str(paths["sdmx"]),
            "data package": str(paths["datapackage"]),
            "workbook": str(paths["workbook"]),
        },
        seconds=time.perf_counter() - started,
        details={"tables": TablesOutputs(result, paths, audit.passed)},
    )


def link_stage(
    tables_or_paths: Sequence[Any],
    out_dir: str | Path,
    config: Any = None,
    *,
    truth: Any = None,
    clerical: Any = None,
    progress: Progress = _quiet,
) -> StageResult:
    """Link victim records into persons and write the linkage outputs.

    Args:
        tables_or_paths: one normalised victims table (``pyarrow.Table``) or file per
            source, all plain or all encoded under one key.
        out_dir: where ``persons.parquet``, ``record_map.parquet``,
            ``review_pairs.parquet``, ``capture_histories.csv`` and the report go.
        config: a :class:`palermo.linkage.LinkageConfig` (its defaults otherwise).
        truth: ``source``, ``record_id``, ``person_id`` of every record when known
            (a simulation): the report then measures precision, recall and blocking
            recall against it.
        clerical: earlier clerical decisions (:class:`ClericalDecisions` or a file).
        progress: called as the stage advances.

    Returns:
        The stage result; ``details["linkage"]`` is the
        :class:`palermo.linkage.LinkageResult` and ``details["persons"]`` the path of
        the persons table.
    """
    import pyarrow as pa

    from palermo.linkage import (
        ClericalDecisions,
        LinkageConfig,
        link_records,
        write_outputs,
    )
    from palermo.linkage.files import read_link_input

    started = time.perf_counter()
    progress("linkage", 0, 3)
    tables = [
        item if isinstance(item, pa.Table) else read_link_input(item)
        for item in tables_or_paths
    ]
    if clerical is not None and not isinstance(clerical, ClericalDecisions):
        clerical = ClericalDecisions.read(clerical)
    progress("linkage", 1, 3)
    result = link_records(
        tables, config or LinkageConfig(), clerical=clerical, truth=truth
    )
    progress("linkage", 2, 3)
    folder = write_outputs(result, out_dir)
    progress("linkage", 3, 3)
    report = result.report
    summary: dict[str, Any] = {
        "records": report["records"],
        "persons": report["persons"],
        "mode": report["mode"],
        "expected precision": report["expected"]["precision"],
        "expected recall": report["expected"]["recall"],
        "pairs for review": result.review_pairs.num_rows,
    }
    quality = report.get("quality")
    if quality:
        summary["measured precision"] = quality["precision"]
        summary["measured recall"] = quality["recall"]
        summary["true persons"] = quality["true_persons"]
    return StageResult(
        stage="linkage",
        folder=folder,
        summary=summary,
        seconds=time.perf_counter() - started,
        details={"linkage": result, "persons": folder / "persons.parquet"},
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


__all__ = [
    "DEMO_SEED",
    "Progress",
    "StageResult",
    "TablesOutputs",
    "link_stage",
    "run_demo",
    "simulate_stage",
    "tables_stage",
]
