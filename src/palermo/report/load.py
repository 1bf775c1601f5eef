"""Read a directory of stage outputs: linkage, estimate and tables, this year and before.

A *period directory* holds the outputs of one reference period, one folder per stage,
as ``palermo demo`` and the hub's runs write them::

    DIR/tables/      datapackage.json, data/, sdmx/, tables_config.json   (required)
    DIR/linkage/     persons.parquet, record_map.parquet, *report*.json, *config*.json
    DIR/estimate/    estimate.json, estimate_config.json, capture_histories.csv
    DIR/records/     victims.parquet (normalised records; for field completeness)

Earlier periods are other period directories: given explicitly, or found beside this
one when the folders are named after their period (``outputs/2024`` beside
``outputs/2025``; ``runs/2024/v2`` beside ``runs/2025/v1`` in the hub, latest version).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from palermo.errors import InputError
from palermo.report.published import Publication, read_publication

logger = logging.getLogger(__name__)

STAGES = ("linkage", "estimate", "tables")
_YEAR = re.compile(r"^\d{4}$")
_VERSION = re.compile(r"^v(\d+)$")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path} is not readable JSON: {error}") from error
    if not isinstance(data, dict):
        raise InputError(f"{path} should hold a JSON object")
    return data


def _parquet(path: Path, columns: Sequence[str] | None = None) -> pa.Table:
    try:
        if columns is not None:
            present = set(pq.read_schema(path).names)
            columns = [c for c in columns if c in present]
        return pq.read_table(path, columns=columns)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"{path} is not a readable Parquet file: {error}") from error


@dataclass(frozen=True)
class SourceLinkage:
    """What linkage found in one source's records.

    Attributes:
        source: the source organisation id.
        records: its records of the period.
        persons: the distinct persons they belong to.
    """

    source: str
    records: int
    persons: int

    @property
    def duplicate_rate(self) -> float:
        """Share of the source's records that repeat a person it already had."""
        return (self.records - self.persons) / self.records if self.records else 0.0


@dataclass
class LinkageOutputs:
    """The linkage stage of one period.

    Attributes:
        directory: the ``linkage/`` folder.
        records: victim records linked (the registrations the sources sent).
        persons: distinct persons after linkage.
        sources: per source, records and persons.
        several_sources: persons whom more than one source registered.
        records_per_person: persons by number of records (1, 2, 3...).
        report: the linkage report (model, quality), empty when absent.
        config: the linkage settings, empty when absent.
        persons_path: ``persons.parquet``, when present.
    """

    directory: Path
    records: int
    persons: int
    sources: list[SourceLinkage]
    several_sources: int
    records_per_person: dict[int, int]
    report: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    persons_path: Path | None = None

    @property
    def duplicate_rate(self) -> float:
        """Share of records that were a second or later record of a person."""
        return (self.records - self.persons) / self.records if self.records else 0.0


@dataclass
class EstimateOutputs:
    """The estimation stage of one period.

    Attributes:
        result: ``estimate.json`` (the result of ``palermo estimate --json``).
        config: ``estimate_config.json``.
        histories: the capture histories (one 0/1 column per list, then ``count``).
    """

    directory: Path
    result: dict[str, Any]
    config: dict[str, Any]
    histories: pd.DataFrame | None


@dataclass
class PeriodOutputs:
    """The outputs of every stage for one reference period.

    Attributes:
        directory: the period directory.
        publication: the published tables (always present).
        linkage, estimate: the other stages, None when they did not run.
        records_path: normalised victim records, when the outputs keep them.
    """

    directory: Path
    publication: Publication
    linkage: LinkageOutputs | None = None
    estimate: EstimateOutputs | None = None
    records_path: Path | None = None

    @property
    def period(self) -> str:
        """The reference period."""
        return self.publication.period

    @property
    def reporting_country(self) -> str:
        """The reporting country (ISO alpha-2)."""
        return self.publication.reporting_country

    @property
    def tables_config(self) -> dict[str, Any]:
        """The table settings (``tables_config.json``, else the package's copy)."""
        path = self.publication.directory / "tables_config.json"
        if path.is_file():
            return _read_json(path)
        settings = self.publication.provenance.get("settings", {})
        return settings if isinstance(settings, dict) else {}


@dataclass
class ReportInputs:
    """The period the report describes and the earlier periods it compares with."""

    current: PeriodOutputs
    earlier: list[PeriodOutputs] = field(default_factory=list)

    @property
    def periods(self) -> list[PeriodOutputs]:
        """Every period, oldest first."""
        return sorted([*self.earlier, self.current], key=lambda p: p.period)

    @property
    def previous(self) -> PeriodOutputs | None:
        """The latest period before the current one, if any."""
        before = [p for p in self.earlier if p.period < self.current.period]
        return max(before, key=lambda p: p.period) if before else None


def read_linkage(directory: Path) -> LinkageOutputs | None:
    """Summarise the linkage folder from ``record_map.parquet`` and its JSON files."""
    record_map = directory / "record_map.parquet"
    if not record_map.is_file():
        return None
    links = _parquet(record_map, ["source", "person_id"])
    missing = {"source", "person_id"} - set(links.column_names)
    if missing:
        raise InputError(
            f"{record_map}: missing column(s) {', '.join(sorted(missing))}"
        )
    frame = links.to_pandas()
    per_source = frame.groupby("source", sort=True)["person_id"].agg(
        ["size", "nunique"]
    )
    sources = [
        SourceLinkage(str(name), int(row["size"]), int(row["nunique"]))
        for name, row in per_source.iterrows()
    ]
    per_person = frame.groupby("person_id").agg(
        records=("source", "size"), sources=("source", "nunique")
    )
    sizes = per_person["records"].value_counts().sort_index()
    report: dict[str, Any] = {}
    config: dict[str, Any] = {}
    for path in sorted(directory.glob("*.json")):
        if "config" in path.name or "settings" in path.name:
            settings = _read_json(path)
            # linkage_settings.json: {"config": the run's settings, "model": Splink's
            # trained model}; the trained parameters are in the report already.
            inner = settings.get("config")
            config.update(inner if isinstance(inner, dict) else settings)
        elif "report" in path.name:
            report.update(_read_json(path))
    persons_path = directory / "persons.parquet"
    return LinkageOutputs(
        directory=directory,
        records=len(frame),
        persons=int(frame["person_id"].nunique()),
        sources=sources,
        several_sources=int((per_person["sources"] > 1).sum()),
        records_per_person={int(k): int(v) for k, v in sizes.items()},
        report=report,
        config=config,
        persons_path=persons_path if persons_path.is_file() else None,
    )


def read_estimate(directory: Path) -> EstimateOutputs | None:
    """The estimate folder; the hub nests it one level deeper (``estimate/estimate``)."""
    for folder in (directory, directory / "estimate"):
        path = folder / "estimate.json"
        if path.is_file():
            break
    else:
        return None
    config_path = folder / "estimate_config.json"
    histories_path = folder / "capture_histories.csv"
    histories = None
    if histories_path.is_file():
        try:
            histories = pd.read_csv(histories_path)
        except (OSError, ValueError) as error:
            raise InputError(
                f"{histories_path} is not a readable CSV: {error}"
            ) from error
        if "count" not in histories.columns:
            raise InputError(f"{histories_path}: the last column must be 'count'")
    return EstimateOutputs(
        directory=folder,
        result=_read_json(path),
        config=_read_json(config_path) if config_path.is_file() else {},
        histories=histories,
    )


def missing_stages(directory: Path) -> list[str]:
    """The stage folders a period directory lacks (``tables`` is the one required)."""
    return [stage for stage in STAGES if not (directory / stage).is_dir()]


def read_period(directory: str | Path) -> PeriodOutputs:
    """Read one period directory.

    Raises:
        InputError: the directory or its published tables are missing.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"no directory {folder}")
    tables = folder / "tables"
    if not (tables / "datapackage.json").is_file():
        absent = (
            ", ".join(f"{s}/" for s in missing_stages(folder))
            or "tables/datapackage.json"
        )
        raise InputError(
            f"{folder} has no published tables (missing: {absent}); the report is built "
            "from the outputs of `palermo tables`"
        )
    publication = read_publication(tables)
    linkage = (
        read_linkage(folder / "linkage") if (folder / "linkage").is_dir() else None
    )
    estimate = (
        read_estimate(folder / "estimate") if (folder / "estimate").is_dir() else None
    )
    records = next(
        (
            path
            for path in (
                folder / "records" / "victims.parquet",
                folder / "linkage" / "records.parquet",
            )
            if path.is_file()
        ),
        None,
    )
    return PeriodOutputs(folder, publication, linkage, estimate, records)


def _latest_version(year_dir: Path) -> Path | None:
    versions = [
        (int(m.group(1)), p)
        for p in year_dir.iterdir()
        if p.is_dir() and (m := _VERSION.match(p.name)) and (p / "tables").is_dir()
    ]
    return max(versions)[1] if versions else None


def discover_earlier(directory: Path) -> list[Path]:
    """Period directories beside ``directory`` for the other stored periods.

    ``outputs/2025`` finds ``outputs/2024``; ``runs/2025/v3`` (the hub) finds the
    latest version of ``runs/2024``. Other layouts find nothing.
    """
    folder = directory.resolve()
    found: list[Path] = []
    if _VERSION.match(folder.name) and _YEAR.match(folder.parent.name):
        for year_dir in sorted(folder.parent.parent.iterdir()):
            if year_dir == folder.parent or not _YEAR.match(year_dir.name):
                continue
            latest = _latest_version(year_dir) if year_dir.is_dir() else None
            if latest is not None:
                found.append(latest)
    elif _YEAR.match(folder.name):
        for sibling in sorted(folder.parent.iterdir()):
            if (
                sibling != folder
                and _YEAR.match(sibling.name)
                and (sibling / "tables").is_dir()
            ):
                found.append(sibling)
    return found


def load_outputs(
    directory: str | Path, earlier: Sequence[str | Path] = (), *, discover: bool = True
) -> ReportInputs:
    """Read the period to report on and the earlier periods to compare with.

    Args:
        directory: the period directory of the year reported.
        earlier: period directories of earlier years (any order).
        discover: also look for earlier periods beside ``directory``.

    Raises:
        InputError: a directory lacks published tables, or two directories hold the
            same period.
    """
    current = read_period(directory)
    paths = [Path(p) for p in earlier]
    if discover:
        known = {p.resolve() for p in paths}
        paths += [
            p for p in discover_earlier(Path(directory)) if p.resolve() not in known
        ]
    by_period: dict[str, PeriodOutputs] = {}
    for path in paths:
        period = read_period(path)
        if period.period == current.period or period.period in by_period:
            raise InputError(
                f"two output directories for the period {period.period}: {path} and "
                f"{by_period.get(period.period, current).directory}"
            )
        if period.period > current.period:
            logger.info(
                "ignoring %s: period %s is after the one reported", path, period.period
            )
            continue
        by_period[period.period] = period
    return ReportInputs(current, sorted(by_period.values(), key=lambda p: p.period))


def citizenship_counts(persons: Path) -> dict[str, int]:
    """Persons by citizenship code (ISO alpha-2, ``unknown``...), from linkage's persons."""
    table = _parquet(persons, ["citizenship"])
    if "citizenship" not in table.column_names:
        return {}
    counts = pc.value_counts(table.column("citizenship").fill_null("unknown"))
    return {str(row["values"]): int(row["counts"]) for row in counts.to_pylist()}


__all__ = [
    "STAGES",
    "EstimateOutputs",
    "LinkageOutputs",
    "PeriodOutputs",
    "ReportInputs",
    "SourceLinkage",
    "citizenship_counts",
    "discover_earlier",
    "load_outputs",
    "missing_stages",
    "read_estimate",
    "read_linkage",
    "read_period",
]
