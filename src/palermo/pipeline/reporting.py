"""The report stage, and where the hub keeps its finished runs and their persons."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from palermo.pipeline.base import Progress, StageResult, quiet

logger = logging.getLogger(__name__)


def hub_home() -> Path:
    """The hub's data directory: ``PALERMO_HOME``, ``./palermo-data`` by default.

    The same default as the hub's settings; the core reads the variable itself so
    that it never imports Django.
    """
    return Path(os.environ.get("PALERMO_HOME", "palermo-data"))


def hub_run_directory(
    period: str | int,
    home: Path | None = None,
    *,
    instead: str = "give the outputs with --from DIR "
    "(missing: linkage/, estimate/, tables/)",
) -> Path:
    """The latest finished run of ``period`` in the hub: ``runs/<period>/v<n>``.

    A run's directory appears only when all its stages succeeded, so the highest
    version present is the latest finished run.

    Args:
        period: the reference period.
        home: the hub's data directory (``PALERMO_HOME`` by default).
        instead: what the user can do without the hub, for the error message.

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
            f"for {period} in the hub, or {instead}"
        )
    return versions[-1][1]


def hub_persons(
    period: str | int, home: Path | None = None
) -> tuple[Path, dict[str, Path]]:
    """The persons table of the latest finished run of ``period``, and the earlier.

    Returns:
        ``runs/<period>/v<n>/linkage/persons.parquet`` of the latest run, and the
        same file of the latest run of every earlier period stored (by period), for
        the trend tables.

    Raises:
        InputError: no finished run of ``period``, or its linkage wrote no persons.
    """
    from palermo.errors import InputError

    instead = "give the persons file (persons.parquet) of the period"
    run = hub_run_directory(period, home, instead=instead)
    persons = run / "linkage" / "persons.parquet"
    if not persons.is_file():
        raise InputError(
            f"the latest run of {period} ({run.name}) has no linkage/persons.parquet: "
            f"its linkage stage did not run; start a new run, or {instead}"
        )
    earlier: dict[str, Path] = {}
    runs = run.parent.parent
    for other in sorted(runs.iterdir()):
        if not other.name.isdigit() or not str(period).isdigit():
            continue
        if int(other.name) >= int(period):
            continue
        try:
            stored = hub_run_directory(other.name, home)
        except InputError:
            continue
        path = stored / "linkage" / "persons.parquet"
        if path.is_file():
            earlier[other.name] = path
    return persons, earlier


def report_stage(
    outputs_dir: str | Path,
    out_dir: str | Path,
    *,
    lang: str = "en",
    pdf: bool = False,
    earlier: Sequence[str | Path] = (),
    progress: Progress = quiet,
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


def demo_report(out_dir: Path, *, progress: Progress = quiet) -> list[StageResult]:
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
