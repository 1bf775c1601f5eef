"""The hub stage: register the sources and submit their files (opens the hub)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from palermo.pipeline.base import Progress, StageResult, quiet
from palermo.standard import Kind

logger = logging.getLogger(__name__)


def hub_stage(
    simulation: Any,
    hub_dir: Path,
    *,
    encoded: Mapping[str, Path] | None = None,
    progress: Progress = quiet,
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
        encoded: each organisation's encoded victims file (:func:`encode_stage`),
            sent instead of its plain one.
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
        path = simulation.out_dir / source.path
        mapping = simulation.out_dir / source.mapping if source.mapping else None
        if encoded and source.kind == "victims" and source.organisation_id in encoded:
            # Encoded at source: standard fields already, so no mapping.
            path, mapping = encoded[source.organisation_id], None
        try:
            receipt = submit_file(
                path,
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
    # What the annual run reads: every organisation's current records of the period.
    exported = export_period_records(simulation.year, hub_dir / "records")
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
        details={
            "period": simulation.year,
            "database": info.database,
            "records": exported,
        },
    )


def export_period_records(period: int, folder: Path) -> dict[str, Path]:
    """Write the period's current accepted records out of the hub, one file per kind.

    The hub must be open (:func:`hub_stage` opens it). Each file holds every
    organisation's current records of one kind with a ``source`` column, as the hub's
    own annual run reads them; a kind nobody submitted gets no file.

    Returns:
        The path of each kind's ``<kind>.parquet``, by kind.
    """
    import pyarrow.parquet as pq

    from palermo.standard import Kind
    from palermo_web.submissions.services import records_for_period

    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for kind in Kind:
        table = records_for_period(period, kind)
        if table.num_rows == 0:
            continue
        paths[kind.value] = folder / f"{kind.value}.parquet"
        pq.write_table(table, paths[kind.value])
    return paths


def hub_victim_records(period: str | int) -> tuple[Any, str]:
    """The period's current victim records from every organisation, and the country.

    One table with a ``source`` column (the submitting organisation), as the hub's
    own runs read it; ``palermo link --period`` hands it to ``link_stage``.

    Raises:
        InputError: the period is not a year, or the hub holds no victim records
            for it.
    """
    from palermo.errors import InputError
    from palermo_web.hub import open_hub

    try:
        year = int(period)
    except ValueError:
        raise InputError(f"the period {period!r} is not a year, e.g. 2025") from None
    open_hub()
    from palermo_web.runs.hub_data import records_for_period, reporting_country

    table, _counts = records_for_period(year, Kind.VICTIMS)
    if table is None:
        raise InputError(
            f"the hub holds no current victim submissions for {year}; submit them "
            "with `palermo submit FILE --kind victims --org ORG --period "
            f"{year}` first"
        )
    return table, reporting_country()
