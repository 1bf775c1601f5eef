"""End-to-end stages shared by the CLI, the web hub and ``palermo demo``.

Each stage is one small function that does one step of the main job and returns a
:class:`StageResult` saying where its outputs are and what it produced. ``run_demo``
is nothing but the list of stages in order; each new stage (linkage, estimation,
tables, report) adds one line there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from palermo.errors import InputError

if TYPE_CHECKING:
    from palermo.estimate import EstimateConfig

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


def hub_stage(
    simulation: Any,
    hub_dir: Path,
    *,
    progress: Progress = _quiet,
) -> StageResult:
    """Register the simulated sources in the hub and submit every file they wrote.

    The hub is the embedded SQLite one under ``hub_dir`` (unless this process already
    has a hub open). Each file goes through ``submit_file`` with its own mapping, for
    the simulated year, exactly as ``palermo submit`` would send it; a rejected file
    does not stop the others, and its validation report is written to
    ``hub_dir/rejected/<organisation>.<kind>.json``.

    Args:
        simulation: the :class:`palermo.simulate.SimulationResult` to submit.
        hub_dir: the stage's folder.
        progress: called as files are submitted.
    """
    # The hub (Django) loads only here, never when the pipeline is imported.
    from palermo.errors import InvalidSubmission
    from palermo_web.hub import open_hub

    started = time.perf_counter()
    hub_dir.mkdir(parents=True, exist_ok=True)
    info = open_hub(hub_dir)
    # Modules with models load once Django is set up.
    from palermo_web.organisations.services import ensure_organisation
    from palermo_web.submissions.services import submit_file

    files = list(simulation.files)
    counts = {"stored": 0, "unchanged": 0, "rejected": 0}
    records = 0
    organisations: set[str] = set()
    for done, source in enumerate(files):
        progress("hub", done, len(files))
        ensure_organisation(
            source.organisation_id,
            name=source.organisation_id,
            organisation_type=source.organisation_type,
            country=simulation.country,
        )
        organisations.add(source.organisation_id)
        mapping = simulation.out_dir / source.mapping if source.mapping else None
        try:
            receipt = submit_file(
                simulation.out_dir / source.path,
                kind=source.kind,
                organisation_id=source.organisation_id,
                period=simulation.year,
                mapping=mapping,
                submitted_by="palermo demo",
            )
        except InvalidSubmission as error:
            counts["rejected"] += 1
            rejected = hub_dir / "rejected"
            rejected.mkdir(exist_ok=True)
            report = {"error": error.message, "issues": error.issues}
            name = f"{source.organisation_id}.{source.kind}.json"
            (rejected / name).write_text(
                json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            logger.warning("%s rejected: %s", source.path, error.message)
            continue
        counts[receipt.outcome] += 1
        records += receipt.row_count
    progress("hub", len(files), len(files))
    return StageResult(
        stage="hub",
        folder=hub_dir,
        summary={
            "database": info.database,
            "organisations": len(organisations),
            "submissions stored": counts["stored"],
            "unchanged (already stored)": counts["unchanged"],
            "rejected": counts["rejected"],
            "records in the hub": records,
        },
        seconds=time.perf_counter() - started,
        details={"period": simulation.year, "database": info.database},
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


def estimate_stage(
    persons_path: Path,
    out_dir: Path,
    *,
    config: EstimateConfig | None = None,
    by: str | None = None,
    n_jobs: int | None = None,
    progress: Progress = _quiet,
) -> StageResult:
    """Estimate the hidden total from linkage's persons into ``out_dir``.

    ``run_demo`` passes ``DIR / "estimate"``. Writes ``estimate.json`` (the result, as
    ``palermo estimate --json`` prints it), ``estimate_config.json`` (the settings) and
    ``capture_histories.csv`` (the counts the estimate was made from).

    Args:
        persons_path: ``persons.parquet`` from linkage, with ``cap_*`` columns.
        out_dir: The stage's folder.
        config: Estimation settings (SparseMSE's stepwise rule with the
            model-conditional interval by default).
        by: Estimate by stratum of this persons column and report their total.
        n_jobs: Processes for a bootstrap.
        progress: Called as bootstrap replicates finish.

    Returns:
        The stage's result; ``details["result"]`` is the :class:`MSEResult` (or
        :class:`StratifiedMSEResult` with ``by``).
    """
    import pyarrow.parquet as pq

    from palermo.errors import InputError
    from palermo.estimate import (
        EstimateConfig,
        LogLinearMSE,
        capture_histories,
        estimate_by_stratum,
    )

    started = time.perf_counter()
    if not Path(persons_path).is_file():
        raise InputError(f"no persons table at {persons_path}")
    persons = pq.read_table(persons_path)
    config = config or EstimateConfig()

    def report(done: int, total: int) -> None:
        progress("estimate", done, total)

    estimator = LogLinearMSE.from_config(config, n_jobs=n_jobs, progress=report)
    histories = capture_histories(persons)
    result = (
        estimate_by_stratum(persons, by, estimator) if by else estimator.fit(histories)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    histories.to_csv(out_dir / "capture_histories.csv", index=False)
    config.to_json(out_dir / "estimate_config.json")
    (out_dir / "estimate.json").write_text(
        json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    high = f"{result.ci_high:,.0f}" if result.ci_high != float("inf") else "no limit"
    return StageResult(
        stage="estimate",
        folder=out_dir,
        summary={
            "estimated total": f"{result.estimate:,.0f}",
            f"{result.confidence:.0%} interval": (
                f"{result.ci_low:,.0f}-{high} ({result.ci_kind})"
            ),
            "observed": f"{result.observed:,}",
        },
        seconds=time.perf_counter() - started,
        details={"result": result, "estimate_json": out_dir / "estimate.json"},
    )


def hub_home() -> Path:
    """The hub's data directory: ``PALERMO_HOME``, ``./palermo-data`` by default.

    The same default as the hub's settings; the core reads the variable itself so
    that it never imports Django.
    """
    return Path(os.environ.get("PALERMO_HOME", "palermo-data"))


def hub_run_directory(period: str | int, home: Path | None = None) -> Path:
    """The latest finished run of ``period`` in the hub: ``runs/<period>/v<n>``.

    A run's directory appears only when all its stages succeeded, so the highest
    version present is the latest finished run.

    Raises:
        InputError: the hub has no run of that period, saying where it looked.
    """
    from palermo.errors import InputError

    runs = (home or hub_home()) / "runs" / str(period)
    versions = (
        sorted(
            (int(p.name[1:]), p)
            for p in runs.iterdir()
            if p.is_dir() and p.name[:1] == "v" and p.name[1:].isdigit()
        )
        if runs.is_dir()
        else []
    )
    if not versions:
        raise InputError(
            f"the hub has no stored run for {period} (looked in {runs}); start a run "
            f"for {period} in the hub, or give the outputs with --from DIR "
            "(missing: linkage/, estimate/, tables/)"
        )
    return versions[-1][1]


def report_stage(
    outputs_dir: str | Path,
    out_dir: str | Path,
    *,
    lang: str = "en",
    pdf: bool = False,
    earlier: Sequence[str | Path] = (),
    progress: Progress = _quiet,
) -> StageResult:
    """The annual report from a directory of stage outputs (see :mod:`palermo.report`).

    Args:
        outputs_dir: the period directory (``tables/``, ``linkage/``, ``estimate/``).
        out_dir: where ``report.html`` (and ``report.pdf``) go.
        lang: ``en`` or ``fr``.
        pdf: also print the PDF (skipped, with the reason, without WeasyPrint).
        earlier: period directories of earlier years; others beside ``outputs_dir``
            are found on their own.
        progress: called as the stage advances.

    Returns:
        The stage result; ``details["report"]`` is a :class:`palermo.report.ReportResult`.
    """
    from palermo.report import ReportConfig, build_report, load_outputs

    started = time.perf_counter()
    progress("report", 0, 2)
    inputs = load_outputs(outputs_dir, earlier)
    progress("report", 1, 2)
    report = build_report(inputs, out_dir, ReportConfig(lang=lang, pdf=pdf))
    progress("report", 2, 2)
    summary: dict[str, Any] = {
        "period": inputs.current.period,
        "earlier periods": ", ".join(p.period for p in inputs.earlier) or "none",
        "HTML": str(report.html),
    }
    if pdf:
        summary["PDF"] = (
            str(report.pdf) if report.pdf else f"skipped: {report.pdf_skipped}"
        )
    return StageResult(
        stage="report",
        folder=Path(out_dir),
        summary=summary,
        seconds=time.perf_counter() - started,
        details={"report": report},
    )


def demo_report(out_dir: Path, *, progress: Progress = _quiet) -> list[StageResult]:
    """The report stage of the demo, once the tables exist: ``DIR/report/``.

    The PDF is written when WeasyPrint and its system libraries are present.
    """
    from palermo.report import is_pdf_available

    if not (out_dir / "tables" / "datapackage.json").is_file():
        logger.info("no report: the demo has no published tables yet")
        return []
    return [
        report_stage(
            out_dir, out_dir / "report", pdf=is_pdf_available(), progress=progress
        )
    ]


def run_demo(
    out_dir: Path, *, seed: int = DEMO_SEED, progress: Progress = _quiet
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


__all__ = [
    "DEMO_SEED",
    "Progress",
    "StageResult",
    "TablesOutputs",
    "demo_report",
    "estimate_stage",
    "hub_stage",
    "hub_home",
    "hub_run_directory",
    "report_stage",
    "run_demo",
    "simulate_stage",
    "tables_stage",
]
