"""Reading the files that ``palermo encode`` and ``palermo link`` are given.

Source files go through intake (``palermo.intake.read_records``): readers, the
mapping, validation. An invalid file is refused with its validation report, whose
messages name rows and columns but never echo an identity value. Encoded files and
already-normalised Parquet files are read as they are.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from palermo.errors import InputError, InvalidSubmission
from palermo.linkage.encode import encoding_of, is_encoded
from palermo.standard import Kind, fields_of


def _read_parquet(path: Path) -> pa.Table:
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"{path} is not a readable Parquet file") from error


def _is_standard(table: pa.Table, kind: Kind | str) -> bool:
    names = set(table.column_names)
    return all(f.name in names for f in fields_of(kind) if not f.identity)


def read_standard_table(
    path: str | Path,
    kind: Kind | str = Kind.VICTIMS,
    mapping: str | Path | None = None,
    *,
    purpose: str = "encoded",
) -> pa.Table:
    """A source file as a normalised table of the standard fields.

    ``purpose`` ends the refusal's message ("nothing was encoded", "... linked").

    Raises:
        InputError: the file is missing or unreadable.
        InvalidSubmission: the file does not validate (``issues`` holds the report).
    """
    source = Path(path)
    if not source.exists():
        raise InputError(f"{source} not found")
    try:
        intake: Any = importlib.import_module("palermo.intake")
    except ImportError:
        intake = None
    if intake is not None:
        loaded = intake.load_mapping(mapping) if mapping is not None else None
        result = intake.read_records(source, kind, mapping=loaded)
        report = result.report
        if not report.is_valid or result.table is None:
            summary = report.to_dict()
            issues = summary.get("issues", [])
            raise InvalidSubmission(
                f"{source} has {len(issues)} problem(s); nothing was {purpose}",
                issues=issues,
            )
        table: pa.Table = result.table
        return table
    if source.suffix.lower() != ".parquet" or mapping is not None:
        raise InputError(
            "reading source files needs palermo.intake; give a normalised Parquet file"
        )
    table = _read_parquet(source)
    if not _is_standard(table, kind):
        raise InputError(f"{source} does not have the standard columns of {kind}")
    return table


def file_encoding(path: str | Path) -> dict[str, object] | None:
    """The encoding metadata (scheme, key fingerprint...) of an encoded Parquet file.

    ``palermo encode`` writes Parquet with its metadata in the schema; intake reads
    values only, so whoever needs the metadata of a submitted file reads it here. None
    for a file that is not Parquet or carries no encoding metadata.
    """
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError):
        return None
    return encoding_of(schema.empty_table())


def sibling_mapping(path: Path) -> Path | None:
    """The mapping saved beside a source file (``victims.csv`` -> ``victims.mapping.yaml``).

    That is where ``palermo simulate`` and ``palermo mapping`` leave a source's mapping,
    so ``palermo link`` over several source files needs no option per file.
    """
    candidate = path.with_name(f"{path.stem}.mapping.yaml")
    return candidate if candidate.is_file() else None


def read_link_input(path: str | Path) -> pa.Table:
    """A file for linkage: an encoded file, a normalised Parquet file or a source file.

    A source file is read through intake with the mapping beside it, if there is one.
    """
    source = Path(path)
    if not source.exists():
        raise InputError(f"{source} not found")
    if source.suffix.lower() == ".parquet":
        table = _read_parquet(source)
        if is_encoded(table) or _is_standard(table, Kind.VICTIMS):
            return table
    return read_standard_table(
        source, Kind.VICTIMS, sibling_mapping(source), purpose="linked"
    )
