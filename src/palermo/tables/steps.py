"""The SQL of the tables, as named ``(name, sql)`` steps run on DuckDB.

Each step creates one temporary table named after it, so that a test can run the
steps up to the one it checks and look at that table alone. Codes are written into
the SQL from the code lists (never from user input), quoted as SQL literals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

import duckdb

from palermo.standard import EU_MEMBER_STATES
from palermo.tables.dims import (
    CITIZEN_CODES,
    MULTIPLE_FORMS,
    PROCEEDING_CODES,
    SEX_CODES,
    STAGE_CODES,
    STATUS_CODES,
    TIME,
    dimensions,
    exploitation_groups,
    organisation_codes,
)
from palermo.tables.model import NOT_APPLICABLE_CODE, TOTAL, UNKNOWN_CODE, TableSpec

logger = logging.getLogger(__name__)

_MISSING = (UNKNOWN_CODE, NOT_APPLICABLE_CODE)


@dataclass(frozen=True)
class Step:
    """One named SQL step: ``CREATE TEMP TABLE name AS sql``."""

    name: str
    sql: str


def run_steps(con: duckdb.DuckDBPyConnection, steps: Iterable[Step]) -> None:
    """Run steps in order, each materialised as a temporary table of its name."""
    for step in steps:
        logger.debug("tables step %s", step.name)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {step.name} AS {step.sql}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(column: str, codes: Mapping[str, str], otherwise: str = UNKNOWN_CODE) -> str:
    """``CASE column WHEN code THEN sdmx ...`` with not_applicable as ``_Z``."""
    whens = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in codes.items())
    return (
        f"CASE {column} {whens} WHEN 'not_applicable' THEN '{NOT_APPLICABLE_CODE}' "
        f"ELSE {_literal(otherwise)} END"
    )


def person_steps(keyed: bool = False) -> list[Step]:
    """Code persons for tabulation; input table ``persons_input`` (one row a person).

    ``persons_input`` holds the persons table of the brief plus a ``period`` column.
    ``persons_coded`` codes each person; ``person_profiles`` then gathers the persons
    who fall in exactly the same cells of every table (same period, codes and sets of
    forms and organisation types) into one row of weight ``w``: a million persons
    make some thousands of profiles, and every later step works on those. Each
    profile keeps the ``pk`` of its first person. Multi-valued fields are exploded
    into ``person_forms`` (Eurostat groups, a profile once per group) and
    ``person_orgs``; ``person_form_once`` gives each profile one group, or ``MULTI``
    when the forms span several groups. An unknown value beside known ones says
    nothing more and is dropped. With ``keyed``, ``persons_input`` has a
    ``record_key`` column (cell-key perturbation) carried as ``rkey``, and every
    person stays a profile of their own, since each cell's key sums its persons'.
    """
    coded = f"""
        SELECT row_number() OVER () AS pk, period,
          {_case("status", STATUS_CODES)} AS STATUS,
          {_case("sex", SEX_CODES)} AS SEX,
          CASE WHEN child = 'yes' THEN 'Y_LT18' WHEN child = 'no' THEN 'Y_GE18'
               WHEN child = 'not_applicable' THEN '{NOT_APPLICABLE_CODE}'
               WHEN age IS NOT NULL AND age < 18 THEN 'Y_LT18'
               WHEN age IS NOT NULL THEN 'Y_GE18'
               ELSE '{UNKNOWN_CODE}' END AS AGE,
          {_case("citizenship_group", CITIZEN_CODES)} AS CITIZEN,
          forms_of_exploitation AS forms, organisation_types AS orgs,
          {"record_key" if keyed else "0"} AS rkey
        FROM persons_input"""
    return [
        Step("persons_coded", coded),
        Step("person_profiles", _profiles(keyed)),
        Step("person_forms", _exploded("forms", exploitation_groups(), "EXPLOIT")),
        Step(
            "person_form_once",
            f"""SELECT pk, CASE WHEN count(*) > 1 THEN '{MULTIPLE_FORMS}'
                ELSE any_value(EXPLOIT) END AS EXPLOIT_ONCE
                FROM person_forms GROUP BY pk""",
        ),
        Step("person_orgs", _exploded("orgs", organisation_codes(), "REG_ORG")),
    ]


def _profiles(keyed: bool) -> str:
    """Persons alike in every coded attribute, as one row with their number ``w``."""
    if keyed:
        return "SELECT *, 1 AS w FROM persons_coded"
    # Sorting the sets makes {sexual, labour} and {labour, sexual} one profile.
    return """
        SELECT min(pk) AS pk, period, STATUS, SEX, AGE, CITIZEN,
               list_sort(forms) AS forms, list_sort(orgs) AS orgs, 0 AS rkey,
               count(*) AS w
        FROM persons_coded
        GROUP BY period, STATUS, SEX, AGE, CITIZEN, list_sort(forms), list_sort(orgs)"""


def _exploded(column: str, codes: Mapping[str, str], name: str) -> str:
    missing = ", ".join(_literal(c) for c in _MISSING)
    return f"""
        WITH exploded AS (
          SELECT pk, unnest(CASE WHEN {column} IS NULL OR len({column}) = 0
                            THEN ['unknown'] ELSE {column} END) AS raw
          FROM person_profiles),
        coded AS (SELECT DISTINCT pk, {_case("raw", codes)} AS {name} FROM exploded),
        flags AS (
          SELECT pk, bool_or({name} NOT IN ({missing})) AS has_known,
                 bool_or({name} = '{UNKNOWN_CODE}') AS has_unknown
          FROM coded GROUP BY pk)
        SELECT c.pk, c.{name} FROM coded c JOIN flags f USING (pk)
        WHERE (f.has_known AND c.{name} NOT IN ({missing}))
           OR (NOT f.has_known AND c.{name} = '{UNKNOWN_CODE}')
           OR (NOT f.has_known AND NOT f.has_unknown)"""


def suspect_steps(reporting_country: str, keyed: bool = False) -> list[Step]:
    """Code suspect records (input ``suspects_input``, the normalised suspects kind)."""
    eu = ", ".join(_literal(c) for c in sorted(EU_MEMBER_STATES))
    country = _literal(reporting_country)
    sql = f"""
        SELECT row_number() OVER () AS pk,
          {_case("stage", STAGE_CODES)} AS LEG_STAT,
          {_case("sex", SEX_CODES)} AS SEX,
          CASE WHEN citizenship IS NULL OR citizenship IN ('unknown', '')
                 THEN '{UNKNOWN_CODE}'
               WHEN citizenship = 'not_applicable' THEN '{NOT_APPLICABLE_CODE}'
               WHEN citizenship = {country} THEN 'NAT'
               WHEN citizenship IN ({eu}) THEN 'EU27_2020_FOR'
               ELSE 'NEU27_2020_FOR' END AS CITIZEN,
          {"record_key" if keyed else "0"} AS rkey, 1 AS w
        FROM suspects_input"""
    return [Step("suspects_coded", sql)]


def proceeding_steps(keyed: bool = False) -> list[Step]:
    """Code proceeding records (input ``proceedings_input``)."""
    sql = f"""SELECT row_number() OVER () AS pk,
              {_case("proceeding_type", PROCEEDING_CODES)} AS PROC_TYPE,
              {"record_key" if keyed else "0"} AS rkey, 1 AS w
              FROM proceedings_input"""
    return [Step("proceedings_coded", sql)]


def table_step(spec: TableSpec, period: str | None, keyed: bool = False) -> Step:
    """Count one table with its margins: every combination of its totals.

    A cell counts each person in it once: over the multi-valued dimensions a profile
    is exploded into one row per value, so a margin that adds such a dimension up
    first keeps one row per profile (``DISTINCT``) and then sums the profiles'
    weights. That is ``count(DISTINCT person)`` over ``GROUP BY CUBE``, computed on
    profiles instead of persons. With ``keyed``, each cell also gets its cell key:
    the sum of its persons' record keys modulo 2**32.
    """
    source = {
        "THB_VICT": "person_profiles",
        "THB_TRAF": "suspects_coded",
        "THB_PROC": "proceedings_coded",
    }[spec.dataflow.value]
    joins = {
        "EXPLOIT": " JOIN person_forms USING (pk)",
        "EXPLOIT_ONCE": " JOIN person_form_once USING (pk)",
        "REG_ORG": " JOIN person_orgs USING (pk)",
    }
    from_sql = f"{source}" + "".join(joins.get(d, "") for d in spec.dims)
    columns = [("period" if d == TIME else d) for d in spec.dims]
    per_period = source == "person_profiles" and TIME not in spec.dims
    where = f" WHERE period = {_literal(period)}" if per_period and period else ""
    cubed = [d for d in spec.dims if _has_total(d)]
    key = ", sum(rkey) % 4294967296 AS ckey" if keyed else ""
    parts = []
    # CUBE's grouping sets: each subset of the dimensions that have a total is
    # kept, the others are added up into the total ``_T``.
    for kept_cubed in product((True, False), repeat=len(cubed)):
        totalled = {d for d, kept in zip(cubed, kept_cubed, strict=True) if not kept}
        kept = [c for c, d in zip(columns, spec.dims, strict=True) if d not in totalled]
        selects = [
            f"'{TOTAL}' AS {d}" if d in totalled else f"{c} AS {d}"
            for c, d in zip(columns, spec.dims, strict=True)
        ]
        distinct = ", ".join([*kept, "pk", "w", "rkey"])
        # The grand total of no one is no row, as an empty cell is no row.
        group = f" GROUP BY {', '.join(kept)}" if kept else " HAVING count(*) > 0"
        parts.append(
            f"SELECT {', '.join(selects)}, sum(w) AS n{key} "
            f"FROM (SELECT DISTINCT {distinct} FROM {from_sql}{where}){group}"
        )
    return Step(f"t_{spec.id}", " UNION ALL ".join(parts))


def _has_total(dim: str) -> bool:
    return dim != TIME and dimensions()[dim].has_total


def fetch_counts(
    con: duckdb.DuckDBPyConnection, step: Step, dims: Sequence[str]
) -> dict[tuple[str, ...], int]:
    """Run a table step and return ``{(code, ...): count}``."""
    run_steps(con, [step])
    rows = con.execute(f"SELECT {', '.join(dims)}, n FROM {step.name}").fetchall()
    return {tuple(str(v) for v in row[:-1]): int(row[-1]) for row in rows}


def fetch_cell_keys(
    con: duckdb.DuckDBPyConnection, step: Step, dims: Sequence[str]
) -> dict[tuple[str, ...], float]:
    """The cell keys (in [0, 1)) of a keyed table step that has already run."""
    rows = con.execute(f"SELECT {', '.join(dims)}, ckey FROM {step.name}").fetchall()
    return {tuple(str(v) for v in row[:-1]): int(row[-1]) / 4294967296 for row in rows}


__all__ = [
    "Step",
    "fetch_cell_keys",
    "fetch_counts",
    "person_steps",
    "proceeding_steps",
    "run_steps",
    "suspect_steps",
    "table_step",
]
