"""Exports of the published tables: SDMX-CSV, a Frictionless package, an Excel workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from palermo.tables.build import TablesResult
from palermo.tables.export.excel import write_workbook
from palermo.tables.export.frictionless import (
    PACKAGE,
    read_package,
    validate_package,
    write_package,
)
from palermo.tables.export.sdmx import read_sdmx, write_sdmx

CONFIG_FILE = "tables_config.json"


def provenance_of(result: TablesResult) -> dict[str, Any]:
    """What the data package records about how the tables were made."""
    suppression = result.suppression
    return {
        "reporting_country": result.reporting_country,
        "reference_period": result.period,
        "settings": result.config.to_dict(),
        "disclosure": {
            **result.config.disclosure.to_dict(),
            "method": result.config.method,
            "lower_bound": result.config.disclosure.lower_bound,
            "suppressed": suppression.summary() if suppression else [],
        },
        "population": {"file": result.population.origin},
        **result.provenance,
    }


def write_outputs(result: TablesResult, directory: str | Path) -> dict[str, Path]:
    """Write every export of a table run into ``directory``.

    Returns the paths: ``sdmx`` (folder), ``datapackage``, ``workbook``, ``config``.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    title = f"Trafficking in human beings: statistics of {result.geo}, {result.period}"
    provenance = provenance_of(result)
    sdmx_dir = out / "sdmx"
    write_sdmx(result.tables, sdmx_dir, agency=result.config.agency)
    sources = sorted(
        {row.source for row in result.population.rows.values() if row.geo == result.geo}
    )
    package = write_package(
        result.tables,
        out,
        name=f"palermo-thb-{result.geo.lower()}-{result.period}".lower(),
        title=title,
        provenance=provenance,
        sources=[
            {"title": f"Population denominators: {s}", "path": result.population.origin}
            for s in sources
        ],
    )
    workbook = write_workbook(
        result.tables,
        out / "tables.xlsx",
        title=title,
        settings={**result.config.to_dict()},
        sources=[f"Population / Population : {s}" for s in sources],
    )
    config = out / CONFIG_FILE
    config.write_text(json.dumps(result.config.to_dict(), indent=2), encoding="utf-8")
    return {
        "sdmx": sdmx_dir,
        "datapackage": package,
        "workbook": workbook,
        "config": config,
    }


__all__ = [
    "CONFIG_FILE",
    "PACKAGE",
    "provenance_of",
    "read_package",
    "read_sdmx",
    "validate_package",
    "write_outputs",
    "write_package",
    "write_sdmx",
    "write_workbook",
]
