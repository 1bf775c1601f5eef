"""The tables stage: tables, disclosure control, exports and the audit."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from palermo.pipeline.base import Progress, StageResult, quiet


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
    earlier_persons: Sequence[str | Path] | Mapping[str, str | Path] = (),
    suspects_path: str | Path | None = None,
    proceedings_path: str | Path | None = None,
    population: str | Path | None = None,
    threshold: int = 5,
    config: Any = None,
    reporting_country: str | None = None,
    period: str | None = None,
    progress: Progress = quiet,
    noise_secret: bytes | None = None,
) -> StageResult:
    """Tables, disclosure control, the three exports and the audit of one period.

    Args:
        persons_path: the persons table of the period (``persons.parquet``).
        out_dir: where ``sdmx/``, ``datapackage.json`` and ``tables.xlsx`` go.
        earlier_persons: persons tables of earlier periods, for the trend tables; a
            mapping gives each file's period (over the hub, where files may not say).
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
    dated = (
        list(earlier_persons.items())
        if isinstance(earlier_persons, Mapping)
        else [(None, path) for path in earlier_persons]
    )
    for when, path in dated:
        earlier = read_persons(
            path, reporting_country=current.reporting_country, period=when
        )
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
