"""How each simulated organisation writes its files: format, columns and vocabulary.

No two organisations send the same layout. The police export a Windows spreadsheet
(CSV in cp1252 with ';'), the NGO keeps an Excel workbook in English with its own
exploitation codes, the labour inspectorate's system answers in JSON with ISO 5218 sex
codes, the border guard writes passport-style capitals and ISO alpha-3 nationalities,
social services use French labels in a tab-separated file. Each style also yields the
mapping file (``palermo.intake``'s YAML) that brings it to the standard.

The styles themselves are data, in ``data/styles.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.standard import Kind

# Ways a style writes the codes of a field: the standard code, the code list's English
# or French label, the ISO alpha-3 code (countries), or its own table {code: value}.
CODE = "code"
EN = "en"
FR = "fr"
ALPHA3 = "alpha3"
Vocabulary = str | dict[str, str]

# How names are written: as given, family name in capitals (French administrative
# habit), or everything in capitals (as in a passport's machine-readable zone).
AS_IS = "as_is"
UPPER_FAMILY = "upper_family"
UPPER = "upper"


@dataclass(frozen=True)
class FileStyle:
    """One organisation's file layout for one record kind.

    Attributes:
        format: "csv", "xlsx" or "json".
        columns: standard field -> the organisation's column name, in file order.
        vocabulary: per coded field, how its codes are written (see module constants).
        record_id: format of the organisation's record ids ({year}, {seq}).
        encoding, delimiter, line_end: CSV details.
        date_format: strftime format of dates in CSV and JSON (XLSX has real dates).
        multi_separator: separator of several codes in one cell (JSON uses lists).
        sheet: XLSX sheet name.
        unknown, not_applicable: how the organisation writes the reserved codes.
        names: how names are written (module constants).
    """

    format: str
    columns: dict[str, str]
    record_id: str
    vocabulary: dict[str, Vocabulary] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str = ","
    line_end: str = "\n"
    date_format: str = "%Y-%m-%d"
    multi_separator: str = ";"
    sheet: str | None = None
    unknown: str = ""
    not_applicable: str = ""
    names: str = AS_IS

    @property
    def extension(self) -> str:
        """File extension of the format."""
        return self.format


@cache
def _load_styles() -> dict[Kind, dict[str, FileStyle]]:
    path = resources.files("palermo.simulate") / "data" / "styles.yaml"
    raw: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(
        path.read_text(encoding="utf-8")
    )
    return {
        Kind(kind): {name: FileStyle(**spec) for name, spec in styles.items()}
        for kind, styles in raw.items()
    }


def styles_of(kind: Kind) -> dict[str, FileStyle]:
    """Every file style of a record kind, by name (``data/styles.yaml``)."""
    return _load_styles()[Kind(kind)]


def style_for(kind: Kind, name: str) -> FileStyle:
    """The file style ``name`` for a record kind (KeyError if there is none)."""
    return styles_of(kind)[name]


__all__ = [
    "ALPHA3",
    "AS_IS",
    "CODE",
    "EN",
    "FR",
    "UPPER",
    "UPPER_FAMILY",
    "FileStyle",
    "style_for",
    "styles_of",
]
