"""Disclosure control: primary and secondary cell suppression.

Primary suppression withholds every count of fewer than ``threshold`` persons (a true
zero is published unless ``publish_zeros`` is off; see docs/adr/0003-disclosure-control.md). Secondary
suppression then withholds as little as it can so that no withheld cell can be
recomputed, or narrowed to an interval shorter than ``protection``, from everything
published: the cells of every table, their margins and totals, and the relations
between tables that share them (:mod:`palermo.tables.relations`).

Secondary suppression is a mixed-integer program solved by HiGHS (``scipy.optimize.milp``)
with cuts generated from the attacker's own linear programs (Fischetti and
Salazar-González's model of cell suppression): the master problem picks the cheapest
set of cells to withhold; for every withheld cell the attacker's LP computes its
feasible interval; a cell not yet protected adds the Benders cut read off the LP's
duals, which says which further suppressions would widen it; repeat until every
withheld cell is protected. The cost of withholding a cell is its count (default),
multiplied by ``margin_factor`` for every dimension along which the cell is a total, so
that an interior complement is preferred to a margin users read; a table's grand total
is withheld only when no pattern without it protects the small cells (docs/tables.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from palermo.errors import DisclosureError
from palermo.tables._lp import FloatArray, LinearSystem
from palermo.tables.cuts import protect
from palermo.tables.model import CellStatus, Table
from palermo.tables.relations import (
    CellKey,
    MarginLevel,
    Relation,
    all_relations,
    cell_key,
    margin_levels,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DisclosureConfig:
    """Disclosure-control settings (written beside every output).

    Attributes:
        threshold: a count of 1 to ``threshold - 1`` persons is withheld.
        protection: every withheld cell's feasible interval, as an attacker computes
            it from everything published, must be at least this wide; defaults to
            the threshold.
        publish_zeros: publish true zeros (a zero reveals nobody). When off, zeros
            are withheld like small counts.
        cost: what a withheld cell costs: ``value`` (its count + 1), ``count``
            (1 per cell) or ``log`` (1 + log of its count).
        margin_factor: a cell that is a total along ``k`` dimensions of a table
            (the table's margins, ``k = 1``; its grand total, ``k = 2``) costs
            ``margin_factor ** k`` times more, so that interior cells protect small
            cells before the totals users read do; 1 weighs every cell alike.
        max_rounds: rounds of cut generation before giving up on optimality and
            withholding every non-zero cell of the group that is still unprotected.

    A table's grand total is never withheld when some pattern without it protects
    every small cell, whatever the factor.
    """

    threshold: int = 5
    protection: int | None = None
    publish_zeros: bool = True
    cost: Literal["value", "count", "log"] = "value"
    margin_factor: float = 10.0
    max_rounds: int = 60

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise DisclosureError("the suppression threshold must be at least 1")
        if self.protection is not None and self.protection < 0:
            raise DisclosureError("the protection level cannot be negative")
        if not self.margin_factor >= 1:
            raise DisclosureError("the margin cost factor must be at least 1")

    @property
    def protection_level(self) -> int:
        """The protection interval width actually required."""
        return self.threshold if self.protection is None else self.protection

    @property
    def lower_bound(self) -> int:
        """What an attacker knows a withheld count is at least (1 when zeros show)."""
        return 1 if self.publish_zeros else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable settings, with the resolved protection level."""
        data = asdict(self)
        data["protection"] = self.protection_level
        return data


@dataclass
class SuppressionResult:
    """Published tables and what was withheld.

    Attributes:
        tables: the tables as published: withheld cells have ``value`` None and
            status ``suppressed``.
        primary: the number of cells withheld by the threshold, per table.
        secondary: the number withheld to protect them, per table.
        config: the settings used.
    """

    tables: list[Table]
    primary: dict[str, int] = field(default_factory=dict)
    secondary: dict[str, int] = field(default_factory=dict)
    config: DisclosureConfig = field(default_factory=DisclosureConfig)

    def summary(self) -> list[dict[str, Any]]:
        """One row per table: cells, primary and secondary suppressions."""
        return [
            {
                "table": t.spec.id,
                "cells": len(t.cells),
                "primary": self.primary.get(t.spec.id, 0),
                "secondary": self.secondary.get(t.spec.id, 0),
            }
            for t in self.tables
        ]


def is_primary(value: int, config: DisclosureConfig) -> bool:
    """Whether a true count is withheld by the threshold rule."""
    if value == 0:
        return not config.publish_zeros
    return value < config.threshold


def count_cells(tables: Sequence[Table]) -> dict[CellKey, int]:
    """Every distinct counted cell and its true value; a shared key has one value."""
    values: dict[CellKey, int] = {}
    for table in tables:
        if table.spec.derived:
            continue
        for cell in table.cells:
            if cell["status"] not in (CellStatus.VALUE, CellStatus.ZERO):
                continue
            key = cell_key(table.spec.dataflow.value, cell)
            value = int(cell["value"])
            if values.setdefault(key, value) != value:
                raise DisclosureError(
                    f"two tables publish different counts for the same cell {key}"
                )
    return values


def components(
    keys: Sequence[CellKey], relations: Sequence[Relation]
) -> list[list[CellKey]]:
    """Groups of cells linked by relations (each is solved on its own)."""
    parent = {k: k for k in keys}

    def find(k: CellKey) -> CellKey:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for relation in relations:
        members = [k for k, _ in relation.terms if k in parent]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    groups: dict[CellKey, list[CellKey]] = {}
    for k in keys:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _costs(values: FloatArray, cost: str) -> FloatArray:
    if cost == "count":
        return np.ones_like(values)
    if cost == "log":
        return 1.0 + np.log1p(values)
    return values + 1.0


def protect_group(
    keys: Sequence[CellKey],
    values: FloatArray,
    relations: Sequence[Relation],
    config: DisclosureConfig,
    levels: Sequence[MarginLevel] | None = None,
) -> np.ndarray:
    """Choose the cells to withhold in one group; returns a 0/1 array over ``keys``.

    Every primary cell is withheld; every withheld cell ends with a feasible
    interval at least ``config.protection_level`` wide under the relations.
    ``levels`` (from :func:`palermo.tables.relations.margin_levels`) makes margins
    cost more and keeps grand totals published unless no pattern can spare them.
    """
    n = len(keys)
    primary = np.array([is_primary(int(v), config) for v in values])
    if not primary.any():
        return np.zeros(n, dtype=int)
    system = LinearSystem.build(keys, relations)
    # Zeros that are published can never be withheld: the attacker would then
    # know a withheld cell is at least 1, which a withheld zero is not.
    fixed_zero = (values == 0) & ~primary if config.publish_zeros else np.zeros(n, bool)
    upper = np.where(fixed_zero, 0.0, 1.0)
    costs = _costs(values, config.cost)
    grand = np.zeros(n, dtype=bool)
    if levels is not None:
        depth = np.array([m.level for m in levels], dtype=float)
        costs = costs * float(config.margin_factor) ** depth
        grand = np.array([m.grand_total for m in levels], dtype=bool) & ~primary
    if (grand & (upper > 0)).any():
        spared: np.ndarray | None
        try:
            spared = protect(
                system, values, primary, np.where(grand, 0.0, upper), costs, config
            )
        except DisclosureError:
            spared = None
        if spared is not None:
            return spared
        # Unavoidable: no pattern sparing the grand totals was found (a table of
        # one category and a small unknown, say), so they join the candidates.
        logger.info("a grand total may be withheld to protect its small cells")
    chosen = protect(system, values, primary, upper, costs, config)
    if chosen is not None:
        return chosen
    logger.warning(
        "secondary suppression did not converge in %d rounds; withholding every "
        "non-zero cell of a group of %d cells",
        config.max_rounds,
        n,
    )
    return (upper > 0).astype(int)


def suppress(
    tables: Sequence[Table], config: DisclosureConfig | None = None
) -> SuppressionResult:
    """Withhold small counts and enough others that none can be recovered.

    Args:
        tables: counted tables with their true values (from
            :func:`palermo.tables.aggregate.compute_tables`). Derived tables (rates,
            shares) are left alone: compute them afterwards from the published counts.
        config: the disclosure settings; defaults to a threshold of 5.

    Returns:
        The published tables and the number of cells withheld per table.
    """
    config = config or DisclosureConfig()
    values = count_cells(tables)
    relations = all_relations(tables)
    levels = margin_levels(tables)
    keys = list(values)
    withheld: set[CellKey] = set()
    for group in components(keys, relations):
        group_values = np.array([values[k] for k in group], dtype=float)
        chosen = protect_group(
            group, group_values, relations, config, [levels[k] for k in group]
        )
        withheld.update(k for k, s in zip(group, chosen, strict=True) if s)
    result = SuppressionResult([], config=config)
    for table in tables:
        primary = secondary = 0
        cells = []
        for cell in table.cells:
            out = dict(cell)
            if not table.spec.derived and cell["status"] in (
                CellStatus.VALUE,
                CellStatus.ZERO,
            ):
                key = cell_key(table.spec.dataflow.value, cell)
                if key in withheld:
                    if is_primary(int(cell["value"]), config):
                        primary += 1
                    else:
                        secondary += 1
                    out.update(value=None, status=CellStatus.SUPPRESSED)
            cells.append(out)
        result.tables.append(Table(table.spec, cells))
        result.primary[table.spec.id] = primary
        result.secondary[table.spec.id] = secondary
    return result


__all__ = [
    "DisclosureConfig",
    "SuppressionResult",
    "components",
    "count_cells",
    "is_primary",
    "protect_group",
    "suppress",
]
