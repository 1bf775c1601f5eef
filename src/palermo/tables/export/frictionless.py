"""A Frictionless data package: data, Table Schemas and provenance.

``DIR/datapackage.json`` describes one CSV resource per table (``DIR/data/<id>.csv``)
in long form: every dimension of the table's dataflow, then ``value`` (empty unless
published), ``status`` (value, zero, suppressed, not_available, not_applicable) and
``note``. The package's ``palermo`` property carries the provenance: software
version, settings, disclosure-control parameters, the linkage run and the inputs;
each resource's ``palermo`` property carries its table specification, which is what
``palermo tables audit`` rebuilds the relations from.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from palermo import __version__
from palermo.errors import InputError
from palermo.tables.dims import DATAFLOW_DIMS, TIME
from palermo.tables.model import CellStatus, Table, TableSpec

PACKAGE = "datapackage.json"

_DIM_TITLES = {
    "FREQ": "Frequency",
    "GEO": "Reporting country (Eurostat code)",
    "STATUS": "Registration status",
    "SEX": "Sex",
    "AGE": "Age group",
    "CITIZEN": "Citizenship group",
    "EXPLOIT": "Form of exploitation",
    "REG_ORG": "Registering organisation type",
    "COUNTING": "Counting rule",
    "UNIT": "Unit of measure",
    "LEG_STAT": "Legal status",
    "PROC_TYPE": "Type of proceeding",
    TIME: "Reference period",
}


def _schema(table: Table) -> dict[str, Any]:
    dims = DATAFLOW_DIMS[table.spec.dataflow]
    fields: list[dict[str, Any]] = []
    for dim in dims:
        codes = sorted({str(c[dim]) for c in table.cells})
        fields.append(
            {
                "name": dim,
                "type": "string",
                "title": _DIM_TITLES.get(dim, dim),
                "constraints": {"required": True, "enum": codes},
            }
        )
    counts = table.spec.unit == "NR"
    fields += [
        {
            "name": "value",
            "type": "integer" if counts else "number",
            "title": "Value",
            "description": "Empty unless the status is value or zero.",
            "constraints": {"minimum": 0},
        },
        {
            "name": "status",
            "type": "string",
            "title": "Status of the value",
            "description": (
                "value; zero (a true zero); suppressed (withheld for confidentiality); "
                "not_available (not collected); not_applicable (cannot exist)."
            ),
            "constraints": {"required": True, "enum": [s.value for s in CellStatus]},
        },
        {"name": "note", "type": "string", "title": "Note (denominator of rates)"},
    ]
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(dims),
    }


def _value_text(cell: Mapping[str, Any], counts: bool) -> str:
    if cell["status"] not in (CellStatus.VALUE, CellStatus.ZERO):
        return ""
    return str(int(cell["value"])) if counts else repr(float(cell["value"]))


def write_package(
    tables: Sequence[Table],
    directory: str | Path,
    *,
    name: str,
    title: str,
    provenance: Mapping[str, Any],
    sources: Sequence[Mapping[str, str]] = (),
) -> Path:
    """Write the CSV resources and ``datapackage.json``; return the descriptor path."""
    out = Path(directory)
    (out / "data").mkdir(parents=True, exist_ok=True)
    resources = []
    for table in tables:
        dims = DATAFLOW_DIMS[table.spec.dataflow]
        counts = table.spec.unit == "NR"
        relative = f"data/{table.spec.id}.csv"
        with (out / relative).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([*dims, "value", "status", "note"])
            for cell in table.cells:
                writer.writerow(
                    [
                        *(cell[d] for d in dims),
                        _value_text(cell, counts),
                        CellStatus(cell["status"]).value,
                        cell.get("note", ""),
                    ]
                )
        resources.append(
            {
                "name": table.spec.id.replace("_", "-"),
                "path": relative,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.spec.en,
                "description": f"{table.spec.counting_en} / {table.spec.fr}. "
                f"{table.spec.counting_fr}",
                "schema": _schema(table),
                "palermo": {"table": table.spec.to_dict()},
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "version": "1.0.0",
        "sources": [dict(s) for s in sources],
        "palermo": {
            "software": {"name": "palermo", "version": __version__},
            **provenance,
        },
        "resources": resources,
    }
    path = out / PACKAGE
    path.write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return path


def read_package(directory: str | Path) -> tuple[dict[str, Any], list[Table]]:
    """Read a package written by :func:`write_package`: its descriptor and tables."""
    folder = Path(directory)
    path = folder / PACKAGE
    if not path.is_file():
        raise InputError(
            f"no {PACKAGE} in {folder}: is it the output of `palermo tables`?"
        )
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tables = []
    for resource in descriptor.get("resources", []):
        spec = TableSpec.from_dict(resource["palermo"]["table"])
        counts = spec.unit == "NR"
        cells = []
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                cell: dict[str, Any] = {
                    k: v for k, v in row.items() if k not in ("value", "status")
                }
                try:
                    cell["status"] = CellStatus(row["status"])
                except ValueError as error:
                    raise InputError(
                        f"{resource['path']}, line {line}, column status: unknown "
                        f"status {row['status']!r}"
                    ) from error
                text = row["value"]
                cell["value"] = (
                    None if text == "" else (int(text) if counts else float(text))
                )
                cells.append(cell)
        tables.append(Table(spec, cells))
    return descriptor, tables


def validate_package(directory: str | Path) -> dict[str, Any]:
    """Validate the package with ``frictionless``; returns its report as a dict."""
    try:
        import frictionless
    except ImportError as error:  # pragma: no cover - exercised without the extra
        from palermo.errors import MissingExtra

        raise MissingExtra("frictionless", "exports") from error
    report = frictionless.validate(str(Path(directory) / PACKAGE))
    return dict(report.to_descriptor())


__all__ = ["PACKAGE", "read_package", "validate_package", "write_package"]
