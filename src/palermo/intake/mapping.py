"""Mapping files: how one source organisation's columns and values become the standard.

A mapping is YAML, one per source organisation and record kind::

    standard_version: "1.0"
    kind: victims
    file: {format: csv, delimiter: ";", encoding: cp1252, date_format: "%d/%m/%Y",
           multi_separator: "|", sheet: null}
    columns: {"Nom": family_names, "Sexe": sex}
    constants: {organisation_id: ngo-lyon, organisation_type: ngo}
    values:
      sex: {"F": female, "H": male}
    ignore: ["Remarques"]

Everything is optional but ``kind``. After the explicit ``values``, each code list's own
codes, English and French labels and synonyms always match, ignoring case and accents.
``ignore`` names source columns to leave out on purpose (otherwise an unknown column is
an error, so that nothing is dropped silently).
"""

from __future__ import annotations

import codecs
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from palermo.errors import InputError
from palermo.standard import (
    STANDARD_VERSION,
    Field,
    FieldType,
    Kind,
    field_of,
    fields_of,
    fold,
    load_codelist,
)

FORMATS = ("csv", "xlsx", "json", "parquet")
_CODED = (FieldType.CODE, FieldType.CODES)


@dataclass(frozen=True)
class FileHints:
    """Reader hints; anything left as None is detected from the file.

    Attributes:
        format: csv, xlsx, json or parquet (checked against the content).
        delimiter: the CSV field separator.
        encoding: the CSV text encoding (a Python codec name: utf-8, cp1252, latin-1).
        date_format: a strptime format for dates besides ISO 8601 (``%d/%m/%Y``).
        multi_separator: the separator of multi-valued fields (default ``;``).
        sheet: the XLSX sheet to read.
    """

    format: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    date_format: str | None = None
    multi_separator: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Mapping:
    """A source organisation's columns, constants and vocabularies for one kind."""

    kind: Kind
    standard_version: str = STANDARD_VERSION
    file: FileHints = field(default_factory=FileHints)
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()

    def translations(self, name: str) -> dict[str, str]:
        """Folded source label -> code for coded field ``name``.

        The mapping's own ``values`` win over the code list's codes, labels and
        synonyms.
        """
        return translations_for(field_of(self.kind, name), self.values.get(name, {}))

    def to_dict(self) -> dict[str, Any]:
        """The mapping as plain data, in the layout of the YAML file."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data["ignore"] = list(self.ignore)
        data["file"] = {k: v for k, v in data["file"].items() if v is not None}
        return data

    def to_yaml(self) -> str:
        """The mapping as YAML, ready to save and edit."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def to_json(self) -> str:
        """The mapping as JSON (written beside outputs, for reproducibility)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a YAML mapping file.

    Raises:
        InputError: the file is missing, not YAML, or names fields or codes that the
            standard does not have.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"mapping file not found: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(f"mapping {path.name} is not valid YAML: {error}") from None
    return mapping_from_dict(raw, source=path.name)


def mapping_from_dict(raw: Any, source: str = "mapping") -> Mapping:
    """Build and check a :class:`Mapping` from parsed YAML or JSON.

    Raises:
        InputError: with every problem found, one per line.
    """
    if not isinstance(raw, dict):
        raise InputError(f"{source}: expected a YAML mapping with at least 'kind'")
    problems: list[str] = []
    try:
        kind = Kind(str(raw.get("kind")))
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise InputError(f"{source}: kind must be one of {kinds}") from None
    version = str(raw.get("standard_version", STANDARD_VERSION))
    if version.split(".")[0] != STANDARD_VERSION.split(".")[0]:
        problems.append(
            f"standard_version {version} is not compatible with {STANDARD_VERSION}"
        )
    hints = _file_hints(raw.get("file") or {}, problems)
    fields = {f.name: f for f in fields_of(kind)}
    columns = _str_dict(raw.get("columns"), "columns", problems)
    for source_column, target in columns.items():
        if target not in fields:
            problems.append(
                f"columns: {source_column!r} maps to {target!r}, "
                f"which is not a {kind} field"
            )
    constants = _str_dict(raw.get("constants"), "constants", problems)
    values: dict[str, dict[str, str]] = {}
    for name, table in (raw.get("values") or {}).items():
        coded = fields.get(str(name))
        if coded is None or coded.type not in _CODED or coded.codelist is None:
            problems.append(f"values: {name!r} is not a coded {kind} field")
            continue
        translations = _str_dict(table, f"values.{name}", problems)
        allowed = load_codelist(coded.codelist).allowed
        for source_value, code in translations.items():
            if code not in allowed:
                problems.append(
                    f"values.{name}: {source_value!r} maps to {code!r}, "
                    f"not a code of the list {coded.codelist}"
                )
        values[str(name)] = translations
    for name, constant in constants.items():
        if name not in fields:
            problems.append(f"constants: {name!r} is not a {kind} field")
        elif fields[name].identity:
            problems.append(f"constants: identity field {name!r} cannot be a constant")
        elif fields[name].type is FieldType.CODE:
            table = translations_for(fields[name], values.get(name, {}))
            if fold(constant) not in table:
                problems.append(
                    f"constants: {constant!r} is not a code of the list "
                    f"{fields[name].codelist} (field {name})"
                )
    ignore = raw.get("ignore") or []
    if not isinstance(ignore, list):
        problems.append("ignore must be a list of column names")
        ignore = []
    if problems:
        raise InputError(f"{source}: " + "; ".join(problems))
    return Mapping(
        kind=kind,
        standard_version=version,
        file=hints,
        columns=columns,
        constants=constants,
        values=values,
        ignore=tuple(str(c) for c in ignore),
    )


def translations_for(target: Field, values: dict[str, str]) -> dict[str, str]:
    """Folded label -> code for a coded field: its code list, then ``values`` on top."""
    if target.codelist is None:
        return {}
    table = dict(_synonyms(target.codelist))
    table.update({fold(source): code for source, code in values.items()})
    return table


@cache
def _synonyms(list_id: str) -> dict[str, str]:
    return load_codelist(list_id).synonym_table()


def _str_dict(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a mapping of names to names")
        return {}
    # YAML reads yes/no/1 as bool/int; the user meant the text they typed.
    return {_as_text(k): _as_text(v) for k, v in raw.items()}


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _file_hints(raw: Any, problems: list[str]) -> FileHints:
    if not isinstance(raw, dict):
        problems.append("file must be a mapping of reader hints")
        return FileHints()
    known = set(FileHints.__dataclass_fields__)
    for key in raw:
        if key not in known:
            problems.append(f"file: unknown hint {key!r} (known: {sorted(known)})")
    hints = FileHints(
        **{k: (None if v is None else str(v)) for k, v in raw.items() if k in known}
    )
    if hints.format is not None and hints.format not in FORMATS:
        problems.append(f"file.format must be one of {', '.join(FORMATS)}")
    if hints.delimiter is not None and len(hints.delimiter) != 1:
        problems.append("file.delimiter must be one character")
    if hints.encoding is not None:
        try:
            codecs.lookup(hints.encoding)
        except LookupError:
            problems.append(f"file.encoding {hints.encoding!r} is not a known encoding")
    return hints


def column_key(name: str) -> str:
    """How a source column name is compared with a standard field name.

    Case, accents, surrounding spaces and the choice of space, hyphen or underscore do
    not matter: ``"Date of birth"`` and ``date_of_birth`` are the same column.
    """
    folded = fold(name)
    return "_".join(folded.replace("-", " ").replace("_", " ").split())


@dataclass(frozen=True)
class ColumnPlan:
    """Which column of the file feeds which standard field.

    Attributes:
        positions: field name -> position of its column in the file.
        names: field name -> the column's name as the user wrote it.
        unknown: columns that are neither mapped, nor standard fields, nor ignored.
        twice: field name -> the several columns that map to it.
    """

    positions: dict[str, int]
    names: dict[str, str]
    unknown: tuple[str, ...]
    twice: dict[str, tuple[str, ...]]


def plan_columns(header: list[str], mapping: Mapping) -> ColumnPlan:
    """Match a file's header to the standard fields of the mapping's kind.

    A column matches, in order: an entry of ``mapping.columns`` (exactly, then with
    :func:`column_key`), a standard field name (with :func:`column_key`). Columns under
    ``mapping.ignore`` are left out.
    """
    fields = {f.name for f in fields_of(mapping.kind)}
    explicit = {column_key(k): v for k, v in mapping.columns.items()}
    ignored = {column_key(c) for c in mapping.ignore}
    claims: dict[str, list[tuple[int, str]]] = {}
    unknown: list[str] = []
    for position, name in enumerate(header):
        key = column_key(name)
        target = mapping.columns.get(name) or explicit.get(key)
        if target is None and key in fields:
            target = key
        if target is None:
            if key not in ignored:
                unknown.append(name)
            continue
        claims.setdefault(target, []).append((position, name))
    positions = {t: c[0][0] for t, c in claims.items()}
    names = {t: c[0][1] for t, c in claims.items()}
    twice = {t: tuple(n for _, n in c) for t, c in claims.items() if len(c) > 1}
    return ColumnPlan(positions, names, tuple(unknown), twice)
