"""The persons table: one row per person, attributes resolved across their records.

Records of one person disagree (one source says 17, another 18; one knows the
citizenship, another does not). Each attribute is resolved by one documented rule:

- ``sex``: the value most records give among the known ones (female, male, other); a
  tie goes to the earliest registration; none known -> unknown.
- ``age``: the age recorded at the person's earliest registration that records one;
  else the year of first registration minus the most frequent known year of birth.
- ``child``: "yes" when any record says the person was a child or the resolved age is
  under 18 (where age is uncertain and there is reason to believe the person is a
  child, Directive 2011/36/EU Art. 13(2) presumes a child); else "no" when a record
  says no or the age is 18 or more; else unknown.
- ``citizenship``: the most frequent known value, ties to the earliest registration;
  ``citizenship_group`` follows Eurostat (reporting country, other EU, non-EU).
- ``forms_of_exploitation``: every form any record names (a person can suffer
  several); ``["unknown"]`` when none is known.
- ``status``: identified when any record says identified, else presumed.
- ``organisation_types``: every type of organisation that registered the person.
- ``first_registration_date``: the earliest registration; ``n_records``: how many.
- ``cap_<organisation_id>``: 1 when that organisation registered the person (the
  capture history that multiple systems estimation needs).

``person_id`` is derived from the person's first record (source and record id, in sort
order), so it stays the same across runs while the person's records do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from palermo.standard import UNKNOWN, citizenship_group

PERSON_COLUMNS = (
    "person_id",
    "sex",
    "age",
    "child",
    "citizenship",
    "citizenship_group",
    "forms_of_exploitation",
    "status",
    "organisation_types",
    "first_registration_date",
    "n_records",
)
_KNOWN = "not in ('unknown', 'not_applicable', '')"


def _column(table: pa.Table, name: str, kind: pa.DataType) -> pa.Array:
    if name not in table.column_names:
        return pa.nulls(table.num_rows, kind)
    return pc.cast(table[name].combine_chunks(), kind)


def _statistics(tables: Sequence[pa.Table]) -> pa.Table:
    """The statistical columns of every record, in linkage-input order."""
    wanted = {
        "organisation_id": pa.string(),
        "organisation_type": pa.string(),
        "status": pa.string(),
        "sex": pa.string(),
        "age": pa.int64(),
        "child": pa.string(),
        "citizenship": pa.string(),
        "forms_of_exploitation": pa.list_(pa.string()),
        "registration_date": pa.date32(),
        "birth_year": pa.int64(),
    }
    parts = [
        pa.table({name: _column(t, name, kind) for name, kind in wanted.items()})
        for t in tables
    ]
    return pa.concat_tables(parts)


def person_ids(link_table: pa.Table, clusters: pa.Table) -> pa.Array:
    """A stable id per record's person: a digest of the person's first record."""
    con = duckdb.connect()
    con.register("records", link_table.select(["unique_id", "source", "record_id"]))
    con.register("clusters", clusters)
    rows = con.sql(
        """
        select c.unique_id,
               min(r.source || chr(31) || r.record_id)
                   over (partition by c.cluster_id) as anchor
        from clusters c join records r using (unique_id)
        order by c.unique_id
        """
    ).fetchall()
    digests: dict[str, str] = {}
    ids = []
    for _, anchor in rows:
        pid = digests.get(anchor)
        if pid is None:
            pid = "p-" + hashlib.sha256(anchor.encode()).hexdigest()[:12]
            digests[anchor] = pid
        ids.append(pid)
    return pa.array(ids, pa.string())


def record_map(link_table: pa.Table, clusters: pa.Table) -> pa.Table:
    """``source``, ``record_id``, ``person_id`` of every record."""
    return pa.table(
        {
            "source": link_table["source"],
            "record_id": link_table["record_id"],
            "person_id": person_ids(link_table, clusters),
        }
    )


def capture_column(organisation_id: str) -> str:
    """The capture-history column name of an organisation."""
    return "cap_" + re.sub(r"[^0-9A-Za-z_]+", "_", organisation_id)


def persons_table(
    tables: Sequence[pa.Table],
    link_table: pa.Table,
    clusters: pa.Table,
    reporting_country: str = UNKNOWN,
    reference_period: str = "",
) -> pa.Table:
    """The persons table (see the module docstring for the resolution rules)."""
    stats = _statistics(tables)
    stats = stats.append_column("person_id", person_ids(link_table, clusters))
    con = duckdb.connect()
    con.register("r", stats)
    organisations = sorted(
        {o for o in stats["organisation_id"].to_pylist() if o is not None}
    )
    captures = ",\n".join(
        f"max(case when organisation_id = '{o.replace(chr(39), chr(39) * 2)}' "
        f'then 1 else 0 end)::tinyint as "{capture_column(o)}"'
        for o in organisations
    )
    sql = f"""
    with ranked as (
        select *, row_number() over (
            partition by person_id order by registration_date nulls last, organisation_id
        ) as seq
        from r
    ),
    sex_votes as (
        select person_id, sex, count(*) as n, min(seq) as first
        from ranked where sex {_KNOWN} group by all
    ),
    sex as (
        select person_id, arg_max(sex, n * 100000 - first) as sex
        from sex_votes group by person_id
    ),
    cit_votes as (
        select person_id, citizenship, count(*) as n, min(seq) as first
        from ranked where citizenship {_KNOWN} group by all
    ),
    cit as (
        select person_id, arg_max(citizenship, n * 100000 - first) as citizenship
        from cit_votes group by person_id
    ),
    year_votes as (
        select person_id, birth_year, count(*) as n
        from ranked where birth_year is not null group by all
    ),
    birth as (
        select person_id, arg_max(birth_year, n * 10000 - birth_year) as birth_year
        from year_votes group by person_id
    ),
    age as (
        select person_id, arg_min(age, seq) as age
        from ranked where age is not null group by person_id
    ),
    forms as (
        select person_id, list_sort(list(distinct form)) as forms
        from (select person_id, unnest(forms_of_exploitation) as form from ranked)
        where form {_KNOWN} group by person_id
    ),
    base as (
        select person_id,
               count(*) as n_records,
               min(registration_date) as first_registration_date,
               bool_or(status = 'identified') as identified,
               bool_or(child = 'yes') as says_child,
               bool_or(child = 'no') as says_adult,
               list_sort(list(distinct organisation_type)
                   filter (where organisation_type is not null)) as organisation_types
               {"," if captures else ""}
               {captures}
        from ranked group by person_id
    )
    select base.*, sex.sex, cit.citizenship, forms.forms,
           coalesce(age.age,
                    year(base.first_registration_date) - birth.birth_year) as age
    from base
    left join sex using (person_id)
    left join cit using (person_id)
    left join birth using (person_id)
    left join age using (person_id)
    left join forms using (person_id)
    order by person_id
    """
    raw = con.sql(sql).to_arrow_table()
    ages = raw["age"].to_pylist()
    says_child = raw["says_child"].to_pylist()
    says_adult = raw["says_adult"].to_pylist()
    child = []
    for age, yes, no in zip(ages, says_child, says_adult, strict=True):
        if yes or (age is not None and age < 18):
            child.append("yes")
        elif no or (age is not None and age >= 18):
            child.append("no")
        else:
            child.append(UNKNOWN)
    citizenship = [c or UNKNOWN for c in raw["citizenship"].to_pylist()]
    columns: dict[str, pa.Array] = {
        "person_id": pc.cast(raw["person_id"], pa.string()),
        "sex": pa.array([s or UNKNOWN for s in raw["sex"].to_pylist()], pa.string()),
        "age": pa.array(ages, pa.int64()),
        "child": pa.array(child, pa.string()),
        "citizenship": pa.array(citizenship, pa.string()),
        "citizenship_group": pa.array(
            [citizenship_group(c, reporting_country) for c in citizenship], pa.string()
        ),
        "forms_of_exploitation": pa.array(
            [f or [UNKNOWN] for f in raw["forms"].to_pylist()], pa.list_(pa.string())
        ),
        "status": pa.array(
            ["identified" if i else "presumed" for i in raw["identified"].to_pylist()],
            pa.string(),
        ),
        "organisation_types": pc.cast(raw["organisation_types"], pa.list_(pa.string())),
        "first_registration_date": pc.cast(raw["first_registration_date"], pa.date32()),
        "n_records": pc.cast(raw["n_records"], pa.int64()),
    }
    for organisation in organisations:
        name = capture_column(organisation)
        columns[name] = pc.cast(raw[name], pa.int8())
    persons = pa.table(columns)
    # Only what is known: an absent key makes readers ask for it (--country), where
    # "unknown" would be taken for a country code.
    metadata = {
        "reporting_country": reporting_country if reporting_country != UNKNOWN else "",
        "reference_period": reference_period,
    }
    return persons.replace_schema_metadata({k: v for k, v in metadata.items() if v})


def capture_histories(persons: pa.Table) -> pa.Table:
    """Counts of persons by capture history: one 0/1 column per list, then ``count``."""
    caps = [c for c in persons.column_names if c.startswith("cap_")]
    if not caps:
        return pa.table({"count": pa.array([], pa.int64())})
    con = duckdb.connect()
    con.register("p", persons.select(caps))
    quoted = ", ".join(f'"{c}"' for c in caps)
    table = con.sql(
        f"select {quoted}, count(*) as count from p group by all order by {quoted}"
    ).to_arrow_table()
    return table.cast(
        pa.schema(
            [pa.field(c, pa.int8()) for c in caps] + [pa.field("count", pa.int64())]
        )
    )


__all__ = ["capture_column", "capture_histories", "persons_table", "record_map", "np"]
