"""Count persons into the standard table set (before any disclosure control).

Input is the persons table of linkage (one row a person, never a record), one per
reference period; suspects and proceedings are the normalised record tables. Every
table comes out complete: every category of its code list appears, so a true zero is
written as 0 and never left out, and a period with no data is ``not_available``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import InputError
from palermo.standard import load_codelist
from palermo.tables.dims import (
    DATAFLOW_DIMS,
    TIME,
    dimension,
    proceeding_specs,
    trafficker_specs,
    victim_specs,
)
from palermo.tables.inputs import conform_persons
from palermo.tables.model import (
    NOT_APPLICABLE_CODE,
    TOTAL,
    UNKNOWN_CODE,
    CellStatus,
    Dataflow,
    Table,
    TableSpec,
)
from palermo.tables.noise import record_keys
from palermo.tables.steps import (
    fetch_cell_keys,
    fetch_counts,
    person_steps,
    proceeding_steps,
    run_steps,
    suspect_steps,
    table_step,
)

PERSON_COLUMNS = (
    "person_id",
    "sex",
    "age",
    "child",
    "citizenship_group",
    "forms_of_exploitation",
    "status",
    "organisation_types",
)
SUSPECT_COLUMNS = ("stage", "sex", "citizenship")
PROCEEDING_COLUMNS = ("proceeding_type",)

# Eurostat writes Greece EL and the United Kingdom UK where ISO 3166 has GR and GB.
_EUROSTAT_GEO = {"GR": "EL", "GB": "UK"}


def eurostat_geo(country: str) -> str:
    """The Eurostat geography code of an ISO 3166-1 alpha-2 country code."""
    return _EUROSTAT_GEO.get(country, country)


def _require(table: pa.Table, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise InputError(
            f"the {what} table lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(columns)}"
        )
    issues: list[dict[str, Any]] = []
    for column in columns:
        allowed = _ALLOWED.get(column)
        if allowed is None:
            continue
        values = table.column(column)
        expect_list = column in ("forms_of_exploitation", "organisation_types")
        if expect_list != pa.types.is_list(values.type):
            kind = "a list of codes" if expect_list else "one code"
            raise InputError(
                f"the {what} table's column {column} holds {values.type}; "
                f"expected {kind} per row"
            )
        flat = pc.list_flatten(values) if expect_list else values
        bad = pc.invert(pc.fill_null(pc.is_in(flat, pa.array(sorted(allowed))), True))
        if not pc.any(bad).as_py():
            continue
        if expect_list:
            parents = pc.list_parent_indices(values)
            rows = pc.filter(parents, bad).to_pylist()
        else:
            rows = pc.indices_nonzero(bad).to_pylist()
        shown = pc.filter(flat, bad).to_pylist()
        for row, value in list(zip(rows, shown, strict=True))[:20]:
            issues.append(
                {
                    "row": int(row) + 1,
                    "column": column,
                    "value": value,
                    "message": f"expected one of {', '.join(sorted(allowed))}",
                }
            )
    if issues:
        first = issues[0]
        raise InputError(
            f"the {what} table has codes outside the standard; first: row "
            f"{first['row']}, column {first['column']}: {first['value']!r} "
            f"({first['message']})",
            issues=issues,
        )


def _codes(list_id: str, *extra: str) -> frozenset[str]:
    return load_codelist(list_id).allowed | frozenset(extra)


_ALLOWED: dict[str, frozenset[str]] = {
    "sex": _codes("sex"),
    "child": _codes("yes_no"),
    "citizenship_group": frozenset(
        {"reporting_country", "other_eu", "non_eu", "unknown", "not_applicable"}
    ),
    "forms_of_exploitation": _codes("exploitation"),
    "status": _codes("victim_status"),
    "organisation_types": _codes("organisation_type"),
    "stage": _codes("suspect_stage"),
    "proceeding_type": _codes("proceeding_type"),
}


def compute_tables(
    persons_by_period: Mapping[str, pa.Table],
    *,
    period: str,
    reporting_country: str,
    suspects: pa.Table | None = None,
    proceedings: pa.Table | None = None,
    secret: bytes | None = None,
) -> list[Table]:
    """Count the standard table set for ``period``.

    Args:
        persons_by_period: persons tables by reference period; the tables of
            ``period`` are built from its persons, and trend tables from all of them
            when there are several.
        period: the reference period the tables describe.
        reporting_country: ISO 3166-1 alpha-2 code of the reporting country.
        suspects: normalised suspect records (kind ``suspects``) of the period.
        proceedings: normalised proceeding records (kind ``proceedings``).
        secret: when given, every cell also gets a ``cell_key`` for cell-key
            perturbation, from record keys keyed with this secret.

    Returns:
        The tables with their true counts, margins and totals.
    """
    if period not in persons_by_period:
        raise InputError(f"no persons table for the reference period {period}")
    periods = _periods(persons_by_period)
    con = duckdb.connect()
    try:
        frames = []
        for name, table in persons_by_period.items():
            conformed = conform_persons(table, reporting_country)
            _require(conformed, PERSON_COLUMNS, "persons")
            selected = conformed.select(list(PERSON_COLUMNS))
            if secret is not None:
                ids = selected.column("person_id").to_pylist()
                selected = selected.append_column(
                    "record_key", pa.array(record_keys(map(str, ids), secret))
                )
            frames.append(
                selected.append_column(
                    "period", pa.array([name] * selected.num_rows, pa.string())
                )
            )
        con.register(
            "persons_input", pa.concat_tables(frames, promote_options="permissive")
        )
        keyed = secret is not None
        run_steps(con, person_steps(keyed))
        specs = victim_specs(periods)
        if suspects is not None:
            _require(suspects, SUSPECT_COLUMNS, "suspects")
            con.register("suspects_input", _keyed(suspects, secret))
            run_steps(con, suspect_steps(reporting_country, keyed))
            specs += trafficker_specs()
        if proceedings is not None:
            _require(proceedings, PROCEEDING_COLUMNS, "proceedings")
            con.register("proceedings_input", _keyed(proceedings, secret))
            run_steps(con, proceeding_steps(keyed))
            specs += proceeding_specs()
        geo = eurostat_geo(reporting_country)
        present = set(persons_by_period)
        tables = []
        for spec in specs:
            step = table_step(spec, period, keyed)
            counts = fetch_counts(con, step, spec.dims)
            table = _complete(spec, counts, geo, period, periods, present)
            if keyed:
                _attach_keys(table, fetch_cell_keys(con, step, spec.dims))
            tables.append(table)
        return tables
    finally:
        con.close()


def _keyed(records: pa.Table, secret: bytes | None) -> pa.Table:
    """Records with a ``record_key`` from their organisation and own id."""
    if secret is None:
        return records
    if {"organisation_id", "source_record_id"} <= set(records.column_names):
        orgs = records.column("organisation_id").to_pylist()
        ids = records.column("source_record_id").to_pylist()
        names = [f"{o}/{i}" for o, i in zip(orgs, ids, strict=True)]
    else:
        names = [str(i) for i in range(records.num_rows)]
    return records.append_column("record_key", pa.array(record_keys(names, secret)))


def _attach_keys(table: Table, keys: Mapping[tuple[str, ...], float]) -> None:
    """Give each cell its cell key (empty cells, having no persons, get none)."""
    dims = table.spec.dims
    for cell in table.cells:
        combo = tuple(str(cell["EXPLOIT" if d == "EXPLOIT_ONCE" else d]) for d in dims)
        if combo in keys:
            cell["cell_key"] = keys[combo]


def _periods(persons_by_period: Mapping[str, pa.Table]) -> list[str]:
    """The periods given, with missing years in between filled in (not available)."""
    names = sorted(persons_by_period)
    if all(n.isdigit() and len(n) == 4 for n in names) and len(names) > 1:
        return [str(y) for y in range(int(names[0]), int(names[-1]) + 1)]
    return names


def categories(dim: str, observed: set[str], periods: Sequence[str] = ()) -> list[str]:
    """The rows of a dimension: its codes, ``_U`` and ``_Z`` when due, then ``_T``."""
    d = dimension(dim, periods)
    rows = list(d.code_ids)
    extra = sorted(observed - set(rows) - {TOTAL, UNKNOWN_CODE, NOT_APPLICABLE_CODE})
    rows += extra
    if d.always_unknown or UNKNOWN_CODE in observed:
        rows.append(UNKNOWN_CODE)
    if NOT_APPLICABLE_CODE in observed:
        rows.append(NOT_APPLICABLE_CODE)
    if d.has_total:
        rows.append(TOTAL)
    return rows


def counting_code(spec: TableSpec, cell: Mapping[str, str]) -> str:
    """How the persons of a cell are counted (the COUNTING dimension).

    ``PERS`` counts each person once; ``PERS_ORG``, ``PERS_FORM`` and
    ``PERS_ORG_FORM`` count a person once per organisation type and/or per form of
    exploitation, which is what a cell at a category of those dimensions does.
    """
    if spec.dataflow is Dataflow.PROCEEDINGS:
        return "PROC"
    code = "PERS"
    if "REG_ORG" in spec.dims and cell.get("REG_ORG", TOTAL) != TOTAL:
        code += "_ORG"
    if "EXPLOIT" in spec.dims and cell.get("EXPLOIT", TOTAL) != TOTAL:
        code += "_FORM"
    return code


def base_key(
    spec: TableSpec, geo: str, period: str, unit: str | None = None
) -> dict[str, str]:
    """A cell key with every dimension of the dataflow at its default."""
    key = dict.fromkeys(DATAFLOW_DIMS[spec.dataflow], TOTAL)
    key.update(FREQ="A", GEO=geo, UNIT=unit or spec.unit, COUNTING="PERS")
    key[TIME] = period
    return key


def _complete(
    spec: TableSpec,
    counts: Mapping[tuple[str, ...], int],
    geo: str,
    period: str,
    periods: Sequence[str],
    present: set[str],
) -> Table:
    observed = [{key[i] for key in counts} for i in range(len(spec.dims))]
    axes = [categories(d, observed[i], periods) for i, d in enumerate(spec.dims)]
    cells: list[dict[str, Any]] = []
    for combo in product(*axes):
        named = {
            ("EXPLOIT" if d == "EXPLOIT_ONCE" else d): c
            for d, c in zip(spec.dims, combo, strict=True)
        }
        cell: dict[str, Any] = base_key(spec, geo, period)
        cell.update(named)
        cell["COUNTING"] = counting_code(spec, cell)
        if TIME in spec.dims and cell[TIME] not in present:
            cell.update(value=None, status=CellStatus.NOT_AVAILABLE)
        else:
            value = counts.get(combo, 0)
            cell.update(
                value=value, status=CellStatus.VALUE if value else CellStatus.ZERO
            )
        cells.append(cell)
    return Table(spec, cells)


__all__ = [
    "PERSON_COLUMNS",
    "PROCEEDING_COLUMNS",
    "SUSPECT_COLUMNS",
    "base_key",
    "categories",
    "compute_tables",
    "counting_code",
    "eurostat_geo",
]
