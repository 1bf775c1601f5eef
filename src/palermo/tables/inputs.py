"""Read the inputs of a table run: persons tables and normalised record tables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from palermo.errors import InputError


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
    country = reporting_country or metadata.get("reporting_country")
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


__all__ = ["PersonsInput", "read_persons", "read_records"]
