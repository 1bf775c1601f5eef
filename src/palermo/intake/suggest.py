"""Proposing a mapping from what a file looks like: ``palermo mapping suggest``.

Column headings are matched, in English and French, against each field's name, its
description and the headings organisations commonly use (``data/aliases.yaml``), with
fuzzy matching for typos and variants. A column whose heading says nothing but whose
values are clearly codes of one list (``F``/``M``, country names) is matched by its
values. For coded columns, values that no code, label or synonym matches get the
closest label as a proposed translation. The result is a starting point for a person
to check, never applied silently.

Identity columns are matched by heading only, and their values never appear in a
suggestion (a date of birth is parsed, to learn the date format, and nothing else).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from palermo.intake.convert import ISO_DATE_FORMATS, convert_date
from palermo.intake.mapping import FileHints, Mapping, column_key, translations_for
from palermo.intake.readers import RawTable, read_raw
from palermo.standard import (
    MULTI_SEPARATOR,
    Field,
    FieldType,
    Kind,
    fields_of,
    fold,
    load_codelist,
)

# A heading this similar (0-1, difflib ratio) to a known heading is taken as a match.
NAME_CUTOFF = 0.82
# A column is matched by its values when this share of its distinct values are codes.
VALUE_SHARE = 0.8
# A source value gets the closest label as a proposed translation above this ratio.
VALUE_CUTOFF = 0.75
_SAMPLE = 50_000
_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%m/%d/%Y", "%d/%m/%y")
_SEPARATORS = (";", "|", ",", "/", "+")


@dataclass
class Suggestion:
    """A proposed mapping and what the person should check.

    Attributes:
        mapping: the proposed mapping.
        notes: what could not be decided (unmatched columns, unknown values,
            required fields to give as constants).
    """

    mapping: Mapping
    notes: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        """The mapping as YAML (empty sections left out), notes as comments."""
        data = {k: v for k, v in self.mapping.to_dict().items() if v not in ({}, [])}
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        if self.notes:
            text += "\n# To check before use:\n"
            text += "".join(f"# - {note}\n" for note in self.notes)
        return text


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    path = resources.files("palermo.intake") / "data" / "aliases.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: tuple(str(w) for w in words) for name, words in raw["aliases"].items()
    }


def _key(text: str) -> str:
    return column_key(text).replace("_", " ")


def _headings(target: Field) -> list[str]:
    """What a column for ``target`` may be called, as comparison keys."""
    words = [target.name, target.en.split(" (")[0], target.fr.split(" (")[0]]
    words += _aliases().get(target.name, ())
    return [_key(word.rstrip(".")) for word in words]


def _name_score(heading: str, target: Field) -> float:
    key = _key(heading)
    candidates = _headings(target)
    if key in candidates:
        return 1.0
    return max(difflib.SequenceMatcher(None, key, c).ratio() for c in candidates)


def suggest_mapping(
    path: str | Path, kind: Kind | str, hints: FileHints | None = None
) -> Suggestion:
    """Propose a mapping for a file of one record kind.

    Raises:
        InputError: the file does not exist.
        UnreadableFile: the file cannot be read as a table.
    """
    kind = Kind(kind)
    raw = read_raw(path, hints)
    fields = fields_of(kind)
    sample = {
        name: raw.table.column(i).slice(0, _SAMPLE).combine_chunks()
        for i, name in enumerate(raw.header)
    }
    columns, by_values = _match_columns(raw.header, fields, sample)
    by_field = {target: heading for heading, target in columns.items()}
    notes: list[str] = []
    values: dict[str, dict[str, str]] = {}
    date_format: str | None = None
    separator: str | None = None
    for target in fields:
        heading = by_field.get(target.name)
        if heading is None:
            if target.required:
                notes.append(
                    f"required field {target.name} has no column: map one, or give "
                    "it under constants"
                )
            continue
        if target.identity and target.type is not FieldType.DATE:
            continue  # names and document numbers are not even looked at
        column = sample[heading]
        if target.type is FieldType.DATE:
            date_format = date_format or _date_format(column)
        elif target.type is FieldType.CODES:
            separator = _separator(column, target)
            _suggest_values(target, column, separator, values, notes, heading)
        elif target.type is FieldType.CODE:
            _suggest_values(target, column, None, values, notes, heading)
    for heading in by_values:
        notes.append(
            f"column {heading!r} was matched to {columns[heading]} by its values "
            "alone: check"
        )
    for heading in raw.header:
        if heading not in columns:
            notes.append(
                f"column {heading!r} matches no field: map it, or list it under ignore"
            )
    mapping = Mapping(
        kind=kind,
        file=_hints(raw, date_format, separator),
        columns={h: t for h, t in columns.items() if h != t},
        values=values,
    )
    return Suggestion(mapping, notes)


def _match_columns(
    header: list[str], fields: tuple[Field, ...], sample: dict[str, pa.Array]
) -> tuple[dict[str, str], list[str]]:
    """Heading -> field, best scores first, each field and heading used once; and
    the headings matched by their values alone."""
    scored = sorted(
        (
            (_name_score(heading, target), position, heading, target.name)
            for position, heading in enumerate(header)
            for target in fields
        ),
        key=lambda s: (-s[0], s[1]),
    )
    chosen: dict[str, str] = {}
    for score, _, heading, name in scored:
        if score < NAME_CUTOFF:
            break
        if heading not in chosen and name not in chosen.values():
            chosen[heading] = name
    # Headings that say nothing ("col3", "G") may still hold recognisable codes.
    by_values: list[str] = []
    for heading in header:
        if heading in chosen:
            continue
        for target in fields:
            if target.type is FieldType.CODE and target.name not in chosen.values():
                column = sample[heading]
                if _code_share(column, translations_for(target, {})) >= VALUE_SHARE:
                    chosen[heading] = target.name
                    by_values.append(heading)
                    break
    return chosen, by_values


def _distinct(column: pa.Array) -> list[str]:
    return [v for v in pc.unique(pc.drop_null(column)).to_pylist() if v.strip()]


def _code_share(column: pa.Array, table: dict[str, str]) -> float:
    distinct = _distinct(column)
    if len(distinct) < 2:
        return 0.0
    return sum(fold(v) in table for v in distinct) / len(distinct)


def _suggest_values(
    target: Field,
    column: pa.Array,
    separator: str | None,
    values: dict[str, dict[str, str]],
    notes: list[str],
    heading: str,
) -> None:
    table = translations_for(target, {})
    distinct = _distinct(column)
    if separator is not None:
        distinct = sorted(
            {part.strip() for v in distinct for part in v.split(separator)} - {""}
        )
    labels = {fold(label): code for label, code in _labels(target).items()}
    proposed: dict[str, str] = {}
    unknown: list[str] = []
    for value in distinct:
        if fold(value) in table:
            continue
        close = difflib.get_close_matches(fold(value), labels, n=1, cutoff=VALUE_CUTOFF)
        if close:
            proposed[value] = labels[close[0]]
        else:
            unknown.append(value)
    if proposed:
        values[target.name] = proposed
    if unknown:
        shown = ", ".join(repr(v) for v in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        notes.append(
            f"values of column {heading!r} that match no code of {target.codelist}: "
            f"{shown}{more}; translate them under values.{target.name}"
        )


def _labels(target: Field) -> dict[str, str]:
    codelist = load_codelist(str(target.codelist))
    labels: dict[str, str] = {}
    for code in codelist.codes:
        for word in (code.code, code.en, code.fr, *code.synonyms):
            labels.setdefault(word, code.code)
    return labels


def _date_format(column: pa.Array) -> str | None:
    """The first format (ISO first, then day-first ones) that reads every date."""
    column = pc.drop_null(column)
    if len(column) == 0:
        return None
    best: tuple[int, str | None] = (0, None)
    for candidate in (ISO_DATE_FORMATS[0], *_DATE_FORMATS):
        result = convert_date(column, (candidate,))
        read = len(column) - int(pc.sum(result.invalid).as_py() or 0)
        if read == len(column):
            return None if candidate == ISO_DATE_FORMATS[0] else candidate
        if read > best[0]:
            best = (read, candidate)
    return best[1] if best[1] != ISO_DATE_FORMATS[0] else None


def _separator(column: pa.Array, target: Field) -> str:
    """The separator that splits the values into the most known codes."""
    table = translations_for(target, {})
    distinct = _distinct(column)

    def known(separator: str) -> int:
        return sum(fold(part) in table for v in distinct for part in v.split(separator))

    return max(_SEPARATORS, key=lambda s: (known(s), s == MULTI_SEPARATOR))


def _hints(raw: RawTable, date_format: str | None, separator: str | None) -> FileHints:
    return FileHints(
        format=raw.format,
        delimiter=raw.delimiter if raw.delimiter not in (None, ",") else None,
        encoding=raw.encoding if raw.encoding not in (None, "utf-8") else None,
        date_format=date_format,
        multi_separator=separator if separator not in (None, MULTI_SEPARATOR) else None,
        sheet=raw.sheet,
    )
