"""Comparable statistics that expose no one: tables, rates, disclosure control, exports.

``build_tables`` counts persons (never records) into Eurostat's breakdowns with their
margins and totals, withholds small counts and whatever would give them back
(``suppress``), adds rates per 100,000 and shares; ``write_outputs`` writes SDMX-CSV,
a Frictionless data package and an Excel workbook; ``audit_directory`` plays the
attacker on what was written.
"""

from palermo.tables.aggregate import compute_tables
from palermo.tables.audit import (
    AuditResult,
    CellInterval,
    audit_directory,
    audit_tables,
)
from palermo.tables.build import TablesConfig, TablesResult, build_tables
from palermo.tables.disclosure import DisclosureConfig, SuppressionResult, suppress
from palermo.tables.model import CellStatus, Dataflow, Table, TableSpec
from palermo.tables.rates import Population, load_population

__all__ = [
    "AuditResult",
    "CellInterval",
    "CellStatus",
    "Dataflow",
    "DisclosureConfig",
    "Population",
    "SuppressionResult",
    "Table",
    "TableSpec",
    "TablesConfig",
    "TablesResult",
    "audit_directory",
    "audit_tables",
    "build_tables",
    "compute_tables",
    "load_population",
    "suppress",
]
