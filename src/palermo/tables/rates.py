"""Rates per 100,000 inhabitants and shares, from the published counts.

Rates and shares are computed *after* disclosure control, from published counts
only: a rate or share whose count (or denominator count) is withheld is withheld
too, so no derived figure gives back a suppressed cell.

- Rate = victims / population x 100,000 (SDG indicator 16.2.2). The denominator is
  the matching population (women for female victims, under-18s for children) when
  the population file has it, the total population otherwise; each rate records
  which one and the population's reference date and source. A country missing from
  the file gives ``not_available``; categories with no population (unknown, other
  sex) are ``not_applicable``.
- Shares (% female, % children, % EU citizens, as Eurostat reports them) are over
  the persons whose value is known: unknowns are left out of the denominator.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from palermo.errors import InputError
from palermo.tables.aggregate import base_key
from palermo.tables.model import (
    NOT_APPLICABLE_CODE,
    TOTAL,
    UNKNOWN_CODE,
    CellStatus,
    Dataflow,
    Table,
    TableSpec,
)

PER = 100_000
DEFAULT_POPULATION = "population_2024.csv"


@dataclass(frozen=True)
class PopulationRow:
    """One denominator: the population of a geography (optionally by sex or age)."""

    geo: str
    population: int
    reference_date: str
    source: str
    sex: str = TOTAL
    age: str = TOTAL


@dataclass(frozen=True)
class Population:
    """Population denominators by ``(geo, sex, age)``, with where they came from."""

    rows: dict[tuple[str, str, str], PopulationRow]
    origin: str

    def get(self, geo: str, sex: str = TOTAL, age: str = TOTAL) -> PopulationRow | None:
        """The denominator for a geography and group, or None."""
        return self.rows.get((geo, sex, age))


def load_population(path: str | Path | None = None) -> Population:
    """Read a population denominators CSV; the shipped EU file when ``path`` is None.

    The layout is described in ``palermo/tables/data/population_2024.md``: columns
    ``geo``, ``population``, ``reference_date``, ``source``, and optionally ``sex``
    and ``age``. Every bad row is reported with its line, column and what was expected.
    """
    if path is None:
        handle = resources.files("palermo.tables") / "data" / DEFAULT_POPULATION
        text = handle.read_text(encoding="utf-8")
        origin = f"palermo/tables/data/{DEFAULT_POPULATION}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise InputError(
                f"cannot read the population file {path}: {error}"
            ) from error
        origin = str(path)
    reader = csv.DictReader(text.splitlines())
    required = ("geo", "population", "reference_date", "source")
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"the population file {origin} lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(required)} (and optionally sex, age)"
        )
    rows: dict[tuple[str, str, str], PopulationRow] = {}
    issues: list[dict[str, Any]] = []
    for line, raw in enumerate(reader, start=2):
        row = _population_row(raw, line, issues)
        if row is not None:
            rows[(row.geo, row.sex, row.age)] = row
    if issues:
        first = issues[0]
        raise InputError(
            f"the population file {origin} has {len(issues)} problem(s); first: line "
            f"{first['row']}, column {first['column']}: {first['message']}",
            issues=issues,
        )
    return Population(rows, origin)


def _population_row(
    raw: Mapping[str, str | None], line: int, issues: list[dict[str, Any]]
) -> PopulationRow | None:
    def problem(column: str, message: str) -> None:
        issues.append(
            {
                "row": line,
                "column": column,
                "value": raw.get(column),
                "message": message,
            }
        )

    geo = (raw.get("geo") or "").strip()
    if len(geo) != 2 or not geo.isalpha() or not geo.isupper():
        problem("geo", "expected a two-letter Eurostat geography code such as FR or EL")
    value = (raw.get("population") or "").strip()
    if not value.isdigit() or int(value) <= 0:
        problem("population", "expected a positive whole number of inhabitants")
    when = (raw.get("reference_date") or "").strip()
    try:
        date.fromisoformat(when)
    except ValueError:
        problem("reference_date", "expected an ISO 8601 date such as 2024-01-01")
    sex = (raw.get("sex") or TOTAL).strip() or TOTAL
    if sex not in ("F", "M", TOTAL):
        problem("sex", "expected F, M or _T")
    age = (raw.get("age") or TOTAL).strip() or TOTAL
    if age not in ("Y_LT18", "Y_GE18", TOTAL):
        problem("age", "expected Y_LT18, Y_GE18 or _T")
    if issues and issues[-1]["row"] == line:
        return None
    return PopulationRow(
        geo, int(value), when, (raw.get("source") or "").strip(), sex, age
    )


RATE_SPECS = (
    TableSpec(
        "victims_rate_by_sex",
        Dataflow.VICTIMS,
        ("SEX",),
        "Registered victims per 100,000 inhabitants by sex",
        "Victimes enregistrées pour 100 000 habitants par sexe",
        unit="P_HTHAB",
        derived=True,
    ),
    TableSpec(
        "victims_rate_by_age",
        Dataflow.VICTIMS,
        ("AGE",),
        "Registered victims per 100,000 inhabitants by age group",
        "Victimes enregistrées pour 100 000 habitants par groupe d'âge",
        unit="P_HTHAB",
        derived=True,
    ),
)

SHARES_SPEC = TableSpec(
    "victims_shares",
    Dataflow.VICTIMS,
    ("SEX", "AGE", "CITIZEN"),
    "Shares of registered victims: female, children, EU citizens (%)",
    "Parts des victimes enregistrées : femmes, enfants, citoyens de l'UE (%)",
    unit="PC",
    counting_en="Percentages of the victims whose sex, age or citizenship is known.",
    counting_fr="Pourcentages des victimes dont le sexe, l'âge ou la nationalité est connu.",
    derived=True,
)

EU_CITIZENS = "EU27_2020"


def _lookup(tables: Sequence[Table], table_id: str) -> dict[str, dict[str, Any]]:
    """The STATUS-total row of a one-way victims table, by its category."""
    for table in tables:
        if table.spec.id == table_id:
            dim = table.spec.dims[0]
            return {
                str(c[dim]): c
                for c in table.cells
                if all(c.get(d) == TOTAL for d in table.spec.dims[1:])
            }
    return {}


def rate_tables(
    published: Sequence[Table], population: Population, *, geo: str, period: str
) -> list[Table]:
    """Rates per 100,000 by sex and by age group from the published counts."""
    result = []
    sources = (("victims_by_sex", "SEX"), ("victims_by_age", "AGE"))
    for spec, (table_id, dim) in zip(RATE_SPECS, sources, strict=True):
        counts = _lookup(published, table_id)
        cells = []
        for code, count in counts.items():
            cell: dict[str, Any] = base_key(spec, geo, period)
            cell[dim] = code
            cell.update(_rate(count, code, dim, population, geo))
            cells.append(cell)
        result.append(Table(spec, cells))
    return result


def _rate(
    count: Mapping[str, Any], code: str, dim: str, population: Population, geo: str
) -> dict[str, Any]:
    if code in (UNKNOWN_CODE, NOT_APPLICABLE_CODE, "OTH"):
        return {"value": None, "status": CellStatus.NOT_APPLICABLE, "note": ""}
    matching = population.get(geo, **({"sex": code} if dim == "SEX" else {"age": code}))
    denominator = matching or population.get(geo)
    if denominator is None:
        return {"value": None, "status": CellStatus.NOT_AVAILABLE, "note": ""}
    group = "matching group" if matching and code != TOTAL else "total population"
    note = (
        f"per 100,000 inhabitants ({group}, {denominator.population} on "
        f"{denominator.reference_date}; {denominator.source})"
    )
    if count["status"] not in (CellStatus.VALUE, CellStatus.ZERO):
        return {"value": None, "status": count["status"], "note": note}
    value = round(count["value"] / denominator.population * PER, 3)
    status = CellStatus.ZERO if count["value"] == 0 else CellStatus.VALUE
    return {"value": value, "status": status, "note": note}


def share_table(published: Sequence[Table], *, geo: str, period: str) -> Table:
    """% female, % children and % EU citizens among victims whose value is known."""
    wanted = (
        ("victims_by_sex", "SEX", ("F",), "F"),
        ("victims_by_age", "AGE", ("Y_LT18",), "Y_LT18"),
        ("victims_by_citizenship", "CITIZEN", ("NAT", "EU27_2020_FOR"), EU_CITIZENS),
    )
    cells = []
    for table_id, dim, parts, code in wanted:
        counts = _lookup(published, table_id)
        if not counts:
            continue
        cell: dict[str, Any] = base_key(SHARES_SPEC, geo, period)
        cell[dim] = code
        needed = [counts[p] for p in parts if p in counts]
        missing = [
            counts[c] for c in (UNKNOWN_CODE, NOT_APPLICABLE_CODE) if c in counts
        ]
        total = counts[TOTAL]
        involved = [*needed, *missing, total]
        states = {c["status"] for c in involved}
        if CellStatus.SUPPRESSED in states:
            cell.update(value=None, status=CellStatus.SUPPRESSED)
        elif CellStatus.NOT_AVAILABLE in states:
            cell.update(value=None, status=CellStatus.NOT_AVAILABLE)
        else:
            known = total["value"] - sum(c["value"] for c in missing)
            if known == 0:
                cell.update(value=None, status=CellStatus.NOT_APPLICABLE)
            else:
                share = round(100.0 * sum(c["value"] for c in needed) / known, 1)
                status = CellStatus.VALUE if share else CellStatus.ZERO
                cell.update(value=share, status=status)
        cell["note"] = "percentage of victims whose value is known"
        cells.append(cell)
    return Table(SHARES_SPEC, cells)


__all__ = [
    "EU_CITIZENS",
    "PER",
    "RATE_SPECS",
    "SHARES_SPEC",
    "Population",
    "PopulationRow",
    "load_population",
    "rate_tables",
    "share_table",
]
