"""The SQL of the tables, as named ``(name, sql)`` steps run on DuckDB.

Each step creates one temporary table named after it, so that a test can run the
steps up to the one it checks and look at that table alone. Codes are written into
the SQL from the code lists (never from user input), quoted as SQL literals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
    Multi-valued fields are exploded into ``person_forms`` (Eurostat groups, a person
    once per group) and ``person_orgs``; ``person_form_once`` gives each person one
    group, or ``MULTI`` when the forms span several groups. An unknown value beside
    known ones says nothing more and is dropped. With ``keyed``, ``persons_input``
    has a ``record_key`` column (cell-key perturbation) carried as ``rkey``.
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
        Step("person_forms", _exploded("forms", exploitation_groups(), "EXPLOIT")),
        Step(
            "person_form_once",
            f"""SELECT pk, CASE WHEN count(*) > 1 THEN '{MULTIPLE_FORMS}'
                ELSE any_value(EXPLOIT) END AS EXPLOIT_ONCE
                FROM person_forms GROUP BY pk""",
        ),
        Step("person_orgs", _exploded("orgs", organisation_codes(), "REG_ORG")),
    ]


def _exploded(column: str, codes: Mapping[str, str], name: str) -> str:
    missing = ", ".join(_literal(c) for c in _MISSING)
    return f"""
        WITH exploded AS (
          SELECT pk, unnest(CASE WHEN {column} IS NULL OR len({column}) = 0
                            THEN ['unknown'] ELSE {column} END) AS raw
          FROM persons_coded),
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
          {"record_key" if keyed else "0"} AS rkey
        FROM suspects_input"""
    return [Step("suspects_coded", sql)]


def proceeding_steps(keyed: bool = False) -> list[Step]:
    """Code proceeding records (input ``proceedings_input``)."""
    sql = f"""SELECT row_number() OVER () AS pk,
              {_case("proceeding_type", PROCEEDING_CODES)} AS PROC_TYPE,
              {"record_key" if keyed else "0"} AS rkey
              FROM proceedings_input"""
    return [Step("proceedings_coded", sql)]


def table_step(spec: TableSpec, period: str | None, keyed: bool = False) -> Step:
    """Count one table with its margins: ``GROUP BY CUBE`` over its dimensions.

    Counting ``DISTINCT pk`` over the exploded multi-valued dimensions counts a
    person once per value in a cell and once in every total, which is exactly
    what the table's counting rule says. With ``keyed``, each cell also gets its
    cell key: the sum of its distinct persons' record keys modulo 2**32 (record keys
    are 62-bit, so two persons sharing one is vanishingly unlikely).
    """
    source = {
        "THB_VICT": "persons_coded",
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
    fixed = [c for c, d in zip(columns, spec.dims, strict=True) if not _has_total(d)]
    cubed = [c for c, d in zip(columns, spec.dims, strict=True) if _has_total(d)]
    selects = [
        f"CASE WHEN grouping({c}) = 1 THEN '{TOTAL}' ELSE {c} END AS {d}"
        for c, d in zip(columns, spec.dims, strict=True)
    ]
    groups = [*fixed, *([f"CUBE ({', '.join(cubed)})"] if cubed else [])]
    per_period = source == "persons_coded" and TIME not in spec.dims
    where = f" WHERE period = {_literal(period)}" if per_period and period else ""
    key = ", sum(DISTINCT rkey) % 4294967296 AS ckey" if keyed else ""
    sql = (
        f"SELECT {', '.join(selects)}, count(DISTINCT pk) AS n{key} FROM {from_sql}"
        f"{where} GROUP BY {', '.join(groups)}"
    )
    return Step(f"t_{spec.id}", sql)


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
