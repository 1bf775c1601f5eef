"""What anyone can know about how published cells relate: the attacker's equations.

Both the suppression and the audit read the same relations, so that what the
suppression protects against is exactly what the audit attacks with. Every relation
is homogeneous: ``sum(coef * cell) == 0`` or ``<= 0``.

- An exclusive dimension adds up: the categories sum to the total.
- A multi-valued dimension (forms of exploitation, organisation types) only bounds:
  each category is at most the total, the categories together at least the total and
  at most ``k`` times it (a person has at most ``k`` known values).
- A table counting forms once per person (with "several forms") and one counting
  them per form describe the same persons: per form >= only that form, per form
  <= only that form + several forms, and the sums differ by between 2 and ``k``
  times the persons with several forms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from palermo.tables.dims import (
    DATAFLOW_DIMS,
    EXPLOIT_GROUPS,
    MULTIPLE_FORMS,
    TIME,
    dimension,
)
from palermo.tables.model import NOT_APPLICABLE_CODE, TOTAL, UNKNOWN_CODE, Table

CellKey = tuple[str, ...]


def cell_key(dataflow: str, cell: Mapping[str, Any]) -> CellKey:
    """The identity of a cell across tables: its dataflow and full key."""
    from palermo.tables.model import Dataflow

    dims = DATAFLOW_DIMS[Dataflow(dataflow)]
    return (dataflow, *(str(cell[d]) for d in dims))


@dataclass(frozen=True)
class Relation:
    """``sum(coef * cell) == 0`` (``equal``) or ``<= 0``."""

    terms: tuple[tuple[CellKey, float], ...]
    equal: bool


def _sdmx_dim(dim: str) -> str:
    return "EXPLOIT" if dim == "EXPLOIT_ONCE" else dim


def table_relations(table: Table) -> list[Relation]:
    """The relations along each dimension of one table (derived tables have none)."""
    spec = table.spec
    if spec.derived:
        return []
    flow = spec.dataflow.value
    relations: list[Relation] = []
    for dim in spec.dims:
        if dim == TIME or not dimension(dim).has_total:
            continue
        column = _sdmx_dim(dim)
        others = [_sdmx_dim(d) for d in spec.dims if d != dim]
        groups: dict[tuple[str, ...], dict[str, CellKey]] = defaultdict(dict)
        for cell in table.cells:
            groups[tuple(str(cell[o]) for o in others)][str(cell[column])] = cell_key(
                flow, cell
            )
        multi = dimension(dim).multi
        known = len(dimension(dim).codes)
        for members in groups.values():
            if TOTAL not in members:
                continue
            total = members[TOTAL]
            parts = [k for code, k in members.items() if code != TOTAL]
            if not multi:
                relations.append(
                    Relation(((total, -1.0), *((p, 1.0) for p in parts)), equal=True)
                )
                continue
            for part in parts:
                relations.append(Relation(((part, 1.0), (total, -1.0)), equal=False))
            relations.append(
                Relation(((total, 1.0), *((p, -1.0) for p in parts)), equal=False)
            )
            relations.append(
                Relation(
                    ((total, -float(known)), *((p, 1.0) for p in parts)), equal=False
                )
            )
    return relations


@dataclass(frozen=True)
class MarginLevel:
    """How much of an aggregate a cell is, over the tables that publish it.

    Attributes:
        level: the most dimensions of one table along which the cell is a total
            (0 for an interior cell, 1 for a margin of a two-way table).
        grand_total: the cell is the grand total of some table (a total along every
            dimension of it that has totals).
    """

    level: int
    grand_total: bool


def margin_levels(tables: Iterable[Table]) -> dict[CellKey, MarginLevel]:
    """Every counted cell's margin level, the highest over the tables holding it.

    A cell shared by tables is as much of a margin as its most aggregate use: the
    child total is an interior cell of victims by age and status, but a margin of
    victims by sex and age, where users read it as one.
    """
    levels: dict[CellKey, MarginLevel] = {}
    for table in tables:
        spec = table.spec
        if spec.derived:
            continue
        flow = spec.dataflow.value
        columns = [
            _sdmx_dim(d) for d in spec.dims if d != TIME and dimension(d).has_total
        ]
        for cell in table.cells:
            level = sum(1 for c in columns if str(cell[c]) == TOTAL)
            key = cell_key(flow, cell)
            before = levels.get(key, MarginLevel(0, False))
            levels[key] = MarginLevel(
                max(before.level, level),
                before.grand_total or (bool(columns) and level == len(columns)),
            )
    return levels


def form_counting_relations(keys: Iterable[CellKey]) -> list[Relation]:
    """Relations between per-form and once-per-person counts of the same persons."""
    from palermo.tables.model import Dataflow

    dims = DATAFLOW_DIMS[Dataflow.VICTIMS]
    at = {d: i + 1 for i, d in enumerate(dims)}
    present = set(keys)
    # Group once-per-person cells of a form (REG_ORG at total) by their other dims.
    groups: dict[CellKey, dict[str, CellKey]] = defaultdict(dict)
    for key in present:
        if key[0] != Dataflow.VICTIMS.value or key[at["COUNTING"]] != "PERS":
            continue
        code = key[at["EXPLOIT"]]
        if code == TOTAL or key[at["REG_ORG"]] != TOTAL:
            continue
        rest = list(key)
        rest[at["EXPLOIT"]] = ""
        groups[tuple(rest)][code] = key
    relations: list[Relation] = []
    k = float(len(EXPLOIT_GROUPS))
    for once in groups.values():
        if MULTIPLE_FORMS not in once:
            continue
        multiple = once[MULTIPLE_FORMS]

        def per_form(key: CellKey) -> CellKey:
            moved = list(key)
            moved[at["COUNTING"]] = "PERS_FORM"
            return tuple(moved)

        pairs = [
            (once[c], per_form(once[c]))
            for c in once
            if c != MULTIPLE_FORMS and per_form(once[c]) in present
        ]
        if not pairs:
            continue
        for only, each in pairs:
            code = only[at["EXPLOIT"]]
            if code in (UNKNOWN_CODE, NOT_APPLICABLE_CODE):
                relations.append(Relation(((each, 1.0), (only, -1.0)), equal=True))
                continue
            relations.append(Relation(((only, 1.0), (each, -1.0)), equal=False))
            relations.append(
                Relation(((each, 1.0), (only, -1.0), (multiple, -1.0)), equal=False)
            )
        known = [
            (o, e)
            for o, e in pairs
            if o[at["EXPLOIT"]] not in (UNKNOWN_CODE, NOT_APPLICABLE_CODE)
        ]
        if len(known) == len(EXPLOIT_GROUPS):
            sums = [*((e, 1.0) for _, e in known), *((o, -1.0) for o, _ in known)]
            relations.append(Relation((*_negate(sums), (multiple, 2.0)), equal=False))
            relations.append(Relation((*sums, (multiple, -k)), equal=False))
    return relations


def _negate(terms: Sequence[tuple[CellKey, float]]) -> list[tuple[CellKey, float]]:
    return [(key, -coef) for key, coef in terms]


def all_relations(tables: Iterable[Table]) -> list[Relation]:
    """Every relation within and across the tables, without duplicates."""
    tables = list(tables)
    seen: set[tuple[tuple[tuple[CellKey, float], ...], bool]] = set()
    result: list[Relation] = []
    keys = {
        cell_key(t.spec.dataflow.value, c)
        for t in tables
        if not t.spec.derived
        for c in t.cells
    }
    candidates = [r for t in tables for r in table_relations(t)]
    candidates += form_counting_relations(keys)
    for relation in candidates:
        signature = (tuple(sorted(relation.terms)), relation.equal)
        if signature not in seen:
            seen.add(signature)
            result.append(relation)
    return result


__all__ = [
    "CellKey",
    "MarginLevel",
    "Relation",
    "all_relations",
    "cell_key",
    "form_counting_relations",
    "margin_levels",
    "table_relations",
]
