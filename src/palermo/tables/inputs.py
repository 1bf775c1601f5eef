"""Read the inputs of a table run: persons tables and normalised record tables."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from palermo.errors import InputError
from palermo.standard import UNKNOWN, citizenship_group

logger = logging.getLogger(__name__)

# What a persons table must hold to be tabulated at all, and what may be left out
# (the cells it feeds are then counted as unknown, and a warning says so).
REQUIRED_PERSON_COLUMNS = ("person_id", "sex", "forms_of_exploitation")
OPTIONAL_PERSON_COLUMNS: dict[str, tuple[pa.DataType, str | None]] = {
    "status": (pa.string(), UNKNOWN),
    # No list is an unknown organisation type (see palermo.tables.steps).
    "organisation_types": (pa.list_(pa.string()), None),
}


@dataclass
class PersonsInput:
    """One persons table with what its Parquet metadata says about it."""

    table: pa.Table
    reporting_country: str
    period: str
    metadata: dict[str, str] = field(default_factory=dict)
    path: str = ""
    sha256: str = ""

    def provenance(self) -> dict[str, Any]:
        """What the data package records about this input (no personal data)."""
        return {
            "file": Path(self.path).name,
            "sha256": self.sha256,
            "persons": self.table.num_rows,
            "reference_period": self.period,
            **{k: v for k, v in self.metadata.items() if k.startswith("linkage")},
        }


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def read_persons(
    path: str | Path, *, reporting_country: str | None = None, period: str | None = None
) -> PersonsInput:
    """Read ``persons.parquet`` with its ``reporting_country`` and ``reference_period``.

    Arguments override the file's metadata; one of the two must say each.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError(f"no persons file at {source}")
    try:
        table = pq.read_table(source)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"{source} is not a readable Parquet file: {error}") from error
    raw = table.schema.metadata or {}
    metadata = {
        k.decode("utf-8", "replace"): v.decode("utf-8", "replace")
        for k, v in raw.items()
        if not k.startswith(b"ARROW") and k != b"pandas"
    }
    # Linkage writes "unknown" when it was not told the country: that says nothing.
    stated = metadata.get("reporting_country")
    country = reporting_country or (stated if stated != UNKNOWN else None)
    when = period or metadata.get("reference_period")
    if not country:
        raise InputError(
            f"{source} does not say its reporting country (Parquet metadata "
            "'reporting_country'); give --country"
        )
    if not when:
        raise InputError(
            f"{source} does not say its reference period (Parquet metadata "
            "'reference_period'); give --period"
        )
    return PersonsInput(
        table, country.upper(), str(when), metadata, str(source), _digest(source)
    )


def conform_persons(table: pa.Table, reporting_country: str) -> pa.Table:
    """The persons table in the layout the tables count, or a clear error.

    Linkage's persons table (one row a person: ``person_id``, ``sex``, ``age`` and/or
    ``child``, ``citizenship`` and/or ``citizenship_group``,
    ``forms_of_exploitation``, ``status``, ``organisation_types``, ``cap_<org>``,
    ``n_records``) is taken as it is. What can be derived is: ``citizenship_group``
    from ``citizenship`` and the reporting country; the missing one of ``age`` and
    ``child``. A missing ``status`` or ``organisation_types`` makes every person's
    unknown, with a warning. Anything else missing is an error naming it.

    Raises:
        InputError: a required column is missing or holds the wrong type.
    """
    columns = set(table.column_names)
    missing = [c for c in REQUIRED_PERSON_COLUMNS if c not in columns]
    if not {"age", "child"} & columns:
        missing.append("age or child")
    if not {"citizenship", "citizenship_group"} & columns:
        missing.append("citizenship or citizenship_group")
    if missing:
        raise InputError(
            f"the persons table lacks {', '.join(missing)}; it has "
            f"{', '.join(table.column_names) or 'no columns'} (expected linkage's "
            "persons.parquet: one row a person)"
        )
    if "age" in columns:
        kind = table.schema.field("age").type
        if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
            raise InputError(
                f"the persons table's column age holds {kind}; expected whole years"
            )
    else:
        table = table.append_column("age", pa.nulls(table.num_rows, pa.int64()))
    if "child" not in columns:
        table = table.append_column("child", _filled(table.num_rows, UNKNOWN))
    if "citizenship_group" not in columns:
        table = table.append_column(
            "citizenship_group",
            _citizenship_groups(table.column("citizenship"), reporting_country),
        )
    for name in ("sex", "child", "citizenship_group", "status"):
        if name in columns and not _holds_codes(table.schema.field(name).type):
            raise InputError(
                f"the persons table's column {name} holds "
                f"{table.schema.field(name).type}; expected one code per row (text)"
            )
    for name, (kind, value) in OPTIONAL_PERSON_COLUMNS.items():
        if name not in columns:
            logger.warning(
                "the persons table has no column %s: every person's is counted "
                "as unknown",
                name,
            )
            filled = (
                pa.nulls(table.num_rows, kind)
                if value is None
                else _filled(table.num_rows, value)
            )
            table = table.append_column(name, filled)
    return table


def _filled(rows: int, value: str) -> pa.Array:
    return pa.repeat(pa.scalar(value, pa.string()), rows)


def _holds_codes(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind)
    ) or pa.types.is_null(kind)


def _citizenship_groups(citizenship: Any, reporting_country: str) -> pa.Array:
    """Eurostat's group of every citizenship, computed once per distinct code."""
    codes = pc.cast(citizenship.combine_chunks(), pa.string()).dictionary_encode()
    groups = pa.array(
        [
            citizenship_group(code, reporting_country)
            for code in codes.dictionary.to_pylist()
        ],
        pa.string(),
    )
    return pc.fill_null(groups.take(codes.indices), UNKNOWN)


def read_records(path: str | Path, kind: str) -> pa.Table:
    """Read a normalised suspects or proceedings table (Parquet, or any intake format).

    Parquet files written by intake are read as they are; other files go through
    :func:`palermo.intake.read_records` and must validate.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError(f"no {kind} file at {source}")
    if source.suffix.lower() == ".parquet":
        try:
            return pq.read_table(source)
        except (pa.ArrowInvalid, OSError) as error:
            raise InputError(
                f"{source} is not a readable Parquet file: {error}"
            ) from error
    try:
        from palermo import intake  # type: ignore[attr-defined, unused-ignore]
    except ImportError as error:
        raise InputError(
            f"{source}: give the {kind} as a normalised Parquet file"
        ) from error
    result = intake.read_records(source, kind)
    if result.table is None:
        raise InputError(
            f"{source} does not validate as {kind}; run `palermo validate` on it",
            issues=result.report.to_dict().get("issues", []),
        )
    table: pa.Table = result.table
    return table


__all__ = ["PersonsInput", "conform_persons", "read_persons", "read_records"]
