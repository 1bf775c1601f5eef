"""The stages of the annual run.

Each stage reads what earlier stages left in the run's working directory and writes its
own outputs there. Link, tables and estimate call the shared functions of
``palermo.pipeline`` (the same ones the CLI and the demo call); a stage with nothing to
work on (no victim records, no persons) is recorded as skipped, never faked.

A stage returns its outcome as a code and counts (``{"outcome": "records", "count":
177}``), never a sentence: the run page says it in the reader's language
(``runs.labels``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from palermo import pipeline
from palermo.linkage import ClericalDecisions
from palermo.standard import Kind, citizenship_group
from palermo_web.runs import summary as dashboard
from palermo_web.runs.hub_data import records_for_period, reporting_country

log = logging.getLogger(__name__)
Outcome = dict[str, Any]


@dataclass
class StageContext:
    period: int
    work: Path
    reporting_country: str = ""
    threshold: float | None = None  # linkage's; None: the core's default
    records: dict[str, Path] = field(default_factory=dict)
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    persons: Path | None = None
    results: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)


def records_stage(ctx: StageContext) -> Outcome:
    """Read the period's current accepted records out of the hub, one file per kind."""
    ctx.reporting_country = reporting_country()
    folder = ctx.work / "records"
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for kind in Kind:
        table, counts = records_for_period(ctx.period, kind)
        ctx.counts.extend((org, kind.value, n) for org, n in counts)
        if table is None or table.num_rows == 0:
            continue
        path = folder / f"{kind.value}.parquet"
        pq.write_table(table, path)
        ctx.records[kind.value] = path
        total += table.num_rows
    return {"outcome": "records", "count": total}


def link_stage(ctx: StageContext) -> Outcome | None:
    if Kind.VICTIMS.value not in ctx.records:
        return None
    out = ctx.work / "linkage"
    out.mkdir(exist_ok=True)
    # The persons table carries the country and period that tables and the report
    # read from its metadata.
    config = {"reference_period": str(ctx.period)}
    if ctx.reporting_country:
        config["reporting_country"] = ctx.reporting_country
    if ctx.threshold is not None:
        config["threshold"] = ctx.threshold
    decisions = stored_decisions(ctx.period)
    result = pipeline.link_stage(
        ctx.records[Kind.VICTIMS.value], out, config, clerical=decisions
    )
    ctx.results["link"] = result.summary
    ctx.results["clerical"] = (
        len(decisions.same) + len(decisions.not_same) if decisions else 0
    )
    persons = out / "persons.parquet"
    ctx.persons = persons if persons.exists() else None
    if ctx.persons is None:
        return None
    linked = result.summary.get("persons")
    return {
        "outcome": "linked",
        "count": linked if isinstance(linked, int) else None,
        "clerical": ctx.results["clerical"],
    }


def stored_decisions(period: int) -> ClericalDecisions | None:
    """The analyst's clerical decisions for the period, if any were uploaded."""
    from palermo_web.runs.clerical import parse_stored
    from palermo_web.runs.models import ClericalDecisions as Stored

    stored = Stored.objects.filter(period=period).only("content").first()
    return parse_stored(stored.content) if stored is not None else None


def tables_stage(ctx: StageContext) -> Outcome | None:
    if ctx.persons is None:
        return None
    out = ctx.work / "tables"
    out.mkdir(exist_ok=True)
    ctx.results["tables"] = pipeline.tables_stage(
        ctx.persons,
        out,
        threshold=settings.PALERMO_DISCLOSURE_THRESHOLD,
        period=str(ctx.period),
        # The traffickers' tables (suspected, prosecuted, convicted) come from these.
        suspects_path=ctx.records.get(Kind.SUSPECTS.value),
        proceedings_path=ctx.records.get(Kind.PROCEEDINGS.value),
    )
    return {"outcome": "tables"}


def estimate_stage(ctx: StageContext) -> Outcome | None:
    if ctx.persons is None:
        return None
    from palermo.errors import EstimationError, InputError

    try:
        stage = pipeline.estimate_stage(ctx.persons, ctx.work / "estimate")
    except (EstimationError, InputError) as error:
        # The data cannot support an estimate (one list, nobody on two lists): the
        # run still publishes its tables and says why there is no estimate.
        log.warning("no estimate for %s: %s", ctx.period, error)
        return {"outcome": "no_estimate", "reason": error.message}
    ctx.results["estimate"] = stage.details["result"]
    return {"outcome": "estimate"}


def dashboard_stage(ctx: StageContext) -> Outcome:
    """Compute and store the figures the dashboard shows (never computed in a request)."""
    threshold = settings.PALERMO_DISCLOSURE_THRESHOLD
    n_records = sum(n for _org, kind, n in ctx.counts if kind == Kind.VICTIMS.value)
    units: pa.Table | None = None
    basis = "records"
    n_persons: int | None = None
    if ctx.persons is not None:
        units = pq.read_table(ctx.persons)
        basis = "persons"
        n_persons = units.num_rows
    elif Kind.VICTIMS.value in ctx.records:
        units = _victim_units(ctx.records[Kind.VICTIMS.value], ctx.reporting_country)
    ctx.summary = {
        "period": ctx.period,
        "basis": basis,
        "threshold": threshold,
        "reporting_country": ctx.reporting_country,
        "victim_records": n_records,
        "persons": dashboard.capped(n_persons, threshold)
        if n_persons is not None
        else None,
        "organisations": dashboard.organisations(ctx.counts),
        "breakdowns": dashboard.breakdowns(units, threshold)
        if units is not None
        else {},
        "linkage": _linkage_quality(ctx, n_records, n_persons),
        "estimate": _estimate(ctx.results.get("estimate")),
    }
    return {"outcome": "dashboard"}


def _victim_units(path: Path, country: str) -> pa.Table:
    """Without linkage, the dashboard counts victim records (and says so)."""
    wanted = ["sex", "age", "citizenship", "forms_of_exploitation"]
    table = pq.read_table(
        path, columns=[c for c in wanted if c in pq.read_schema(path).names]
    )
    if "citizenship" in table.column_names:
        groups = [
            citizenship_group(c, country)
            for c in table.column("citizenship").to_pylist()
        ]
        table = table.append_column("citizenship_group", pa.array(groups, pa.string()))
    return table


def _linkage_quality(
    ctx: StageContext, n_records: int, n_persons: int | None
) -> dict[str, Any]:
    quality: dict[str, Any] = {"records": n_records, "persons": n_persons}
    if ctx.threshold is not None:
        quality["match threshold"] = ctx.threshold
    if "clerical" in ctx.results:
        quality["clerical decisions"] = ctx.results["clerical"]
    if n_persons:
        quality["records_per_person"] = round(n_records / n_persons, 3)
    if ctx.persons is not None:
        table = pq.read_table(ctx.persons)
        if "n_records" in table.column_names:
            sizes = table.column("n_records").to_pylist()
            quality["persons_seen_more_than_once"] = sum(
                1 for s in sizes if s and s > 1
            )
        caps = [c for c in table.column_names if c.startswith("cap_")]
        if caps:
            seen = [
                sum(row)
                for row in zip(
                    *(table.column(c).to_pylist() for c in caps), strict=True
                )
            ]
            quality["persons_in_several_sources"] = sum(1 for s in seen if s > 1)
            quality["sources"] = len(caps)
    link = ctx.results.get("link")
    if isinstance(link, dict):
        quality.update(
            {k: v for k, v in link.items() if isinstance(v, int | float | str)}
        )
    return quality


def _estimate(result: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, dict):
        return None
    if "estimate" not in data:
        return None
    model = data.get("model")
    return {
        "estimate": data["estimate"],
        "lower": data.get("ci_low", data.get("lower")),
        "upper": data.get("ci_high", data.get("upper")),
        "confidence": data.get("confidence"),
        "interval": data.get("ci_kind"),
        "model": " + ".join(model) if isinstance(model, list) else model,
        "observed": data.get("observed"),
    }


STAGES: list[tuple[str, Callable[[StageContext], Outcome | None]]] = [
    ("records", records_stage),
    ("link", link_stage),
    ("tables", tables_stage),
    ("estimate", estimate_stage),
    ("dashboard", dashboard_stage),
]
