"""The attacker: how far can withheld cells be narrowed from what is published?

For every withheld cell, linear programming over everything published (every
published cell fixed at its value, every relation between cells within and across
tables, a withheld count being at least 1 when zeros are published) gives the smallest
and largest value the cell can take. Counts are whole numbers, so the attacker solves
integer programs (HiGHS through ``scipy.optimize.milp``): where tables are linked
three ways, or forms of exploitation are counted both per form and per person, whole
numbers can narrow a cell further than the linear relaxation does. The audit fails
when any interval is narrower than the protection level.

The audit sees only published numbers: run it on an output directory
(:func:`audit_directory`) to check exactly what leaves the building.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from palermo.tables._lp import Attack, LinearSystem
from palermo.tables.disclosure import components
from palermo.tables.model import CellStatus, Table
from palermo.tables.relations import CellKey, all_relations, cell_key


@dataclass(frozen=True)
class CellInterval:
    """What an attacker can learn about one withheld cell."""

    key: CellKey
    tables: tuple[str, ...]
    low: float
    high: float

    @property
    def width(self) -> float:
        """Width of the interval after rounding to whole numbers (may be inf)."""
        if math.isinf(self.high):
            return math.inf
        return math.floor(self.high + 1e-6) - math.ceil(self.low - 1e-6)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``high`` None when unbounded)."""
        return {
            "cell": list(self.key),
            "tables": list(self.tables),
            "low": self.low,
            "high": None if math.isinf(self.high) else self.high,
            "width": None if math.isinf(self.width) else self.width,
        }


@dataclass
class AuditResult:
    """The feasible interval of every withheld cell and the verdict."""

    protection: int
    intervals: list[CellInterval] = field(default_factory=list)

    @property
    def failures(self) -> list[CellInterval]:
        """Withheld cells an attacker narrows below the protection level."""
        return [c for c in self.intervals if c.width < self.protection]

    @property
    def passed(self) -> bool:
        """True when no withheld cell can be narrowed below the protection level."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """JSON form with the verdict first."""
        return {
            "passed": self.passed,
            "protection": self.protection,
            "suppressed_cells": len(self.intervals),
            "failures": [c.to_dict() for c in self.failures],
            "intervals": [c.to_dict() for c in self.intervals],
        }


def audit_tables(
    tables: Sequence[Table],
    *,
    protection: int,
    lower_bound: int = 1,
    integer: bool = True,
) -> AuditResult:
    """Attack published tables.

    Args:
        tables: the tables as published (withheld cells have status ``suppressed``).
        protection: the required width of every withheld cell's interval.
        lower_bound: what every withheld count is known to be at least (1 when
            true zeros are published, else 0).
        integer: attack with integer programming (counts are whole numbers), the
            stronger attacker; False uses the linear relaxation alone.
    """
    published: dict[CellKey, float] = {}
    withheld: dict[CellKey, list[str]] = {}
    for table in tables:
        if table.spec.derived:
            continue
        for cell in table.cells:
            key = cell_key(table.spec.dataflow.value, cell)
            if cell["status"] == CellStatus.SUPPRESSED:
                withheld.setdefault(key, []).append(table.spec.id)
            elif cell["status"] in (CellStatus.VALUE, CellStatus.ZERO):
                published[key] = float(cell["value"])
    relations = all_relations(tables)
    result = AuditResult(protection)
    keys = [*published, *withheld]
    for group in components(keys, relations):
        hidden = [k for k in group if k in withheld]
        if not hidden:
            continue
        system = LinearSystem.build(group, relations)
        low = np.array([published.get(k, float(lower_bound)) for k in group])
        high = np.array([published.get(k, math.inf) for k in group])
        hidden_mask = np.array([k in withheld for k in group])
        attack = Attack(system, hidden_mask, low, high)
        for i, key in enumerate(group):
            if key not in withheld:
                continue
            found = attack.integer_interval(i) if integer else attack.interval(i)
            result.intervals.append(
                CellInterval(key, tuple(withheld[key]), found.low, found.high)
            )
    return result


def audit_directory(directory: str | Path) -> AuditResult:
    """Attack the output of ``palermo tables`` in ``directory`` (its data package).

    Reads only what is published: the package's CSV resources and its disclosure
    parameters (protection level, whether zeros are published).
    """
    from palermo.tables.export.frictionless import read_package

    descriptor, tables = read_package(directory)
    disclosure = descriptor.get("palermo", {}).get("disclosure", {})
    protection = int(disclosure.get("protection", disclosure.get("threshold", 5)))
    lower_bound = int(disclosure.get("lower_bound", 1))
    return audit_tables(tables, protection=protection, lower_bound=lower_bound)


__all__ = ["AuditResult", "CellInterval", "audit_directory", "audit_tables"]
