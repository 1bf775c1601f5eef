"""Code lists of the common data standard, shipped as versioned data files.

Each list records its version and its source (Eurostat, the Directive, HTCDS). Every
coded field also accepts the two reserved codes :data:`UNKNOWN` and
:data:`NOT_APPLICABLE`, so that "we do not know" and "this does not apply" are never
confused with a real value (Eurostat: "0 = you know there are none; blank = you don't
know"). A third state, suppressed, exists only in published outputs.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

UNKNOWN = "unknown"
NOT_APPLICABLE = "not_applicable"
RESERVED_CODES = (UNKNOWN, NOT_APPLICABLE)

# Labels and spellings that sources use for the reserved codes.
_RESERVED_SYNONYMS = {
    UNKNOWN: ["unknown", "inconnu", "inconnue", "unk", "?", "n/k", "not known", "nsp"],
    NOT_APPLICABLE: [
        "not applicable",
        "not_applicable",
        "n/a",
        "sans objet",
        "so",
        "na",
    ],
}

EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
STATELESS = "stateless"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a label, used to match source vocabularies."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).split()
    )


@dataclass(frozen=True)
class Code:
    """One code of a list, with its English and French labels."""

    code: str
    en: str
    fr: str
    synonyms: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` ("en" or "fr")."""
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class CodeList:
    """A versioned code list with its provenance."""

    id: str
    version: str
    source: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """The codes, without the reserved ones."""
        return tuple(c.code for c in self.codes)

    @property
    def allowed(self) -> frozenset[str]:
        """The codes a field may hold, reserved ones included."""
        return frozenset(self.values) | frozenset(RESERVED_CODES)

    def get(self, code: str) -> Code | None:
        """The :class:`Code` for ``code``, or None."""
        for entry in self.codes:
            if entry.code == code:
                return entry
        return None

    def label(self, code: str, lang: str = "en") -> str:
        """The label of ``code`` in ``lang``; reserved codes have labels too."""
        entry = self.get(code)
        if entry is not None:
            return entry.label(lang)
        return RESERVED_LABELS.get(code, {}).get(lang, code)

    def synonym_table(self) -> dict[str, str]:
        """Folded label or synonym -> code; codes and EN/FR labels are always included."""
        table: dict[str, str] = {}
        for reserved, words in _RESERVED_SYNONYMS.items():
            for word in (reserved, *words):
                table[fold(word)] = reserved
        for entry in self.codes:
            for word in (entry.code, entry.en, entry.fr, *entry.synonyms):
                table.setdefault(fold(word), entry.code)
        return table


RESERVED_LABELS = {
    UNKNOWN: {"en": "Unknown", "fr": "Inconnu"},
    NOT_APPLICABLE: {"en": "Not applicable", "fr": "Sans objet"},
}


def _data_dir() -> Any:
    return resources.files("palermo.standard") / "data"


@cache
def load_codelist(list_id: str) -> CodeList:
    """Load a shipped code list by id (``sex``, ``exploitation``, ``country``...)."""
    if list_id == "country":
        return _load_countries()
    path = _data_dir() / "codelists" / f"{list_id}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = tuple(
        Code(
            code=str(item["code"]),
            en=str(item["en"]),
            fr=str(item["fr"]),
            synonyms=tuple(str(s) for s in item.get("synonyms", [])),
            extra={
                k: str(v)
                for k, v in item.items()
                if k not in {"code", "en", "fr", "synonyms"}
            },
        )
        for item in raw["codes"]
    )
    return CodeList(str(raw["id"]), str(raw["version"]), str(raw["source"]), codes)


def _load_countries() -> CodeList:
    path = _data_dir() / "codelists" / "country.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            row for row in csv.DictReader(handle) if not row["code"].startswith("#")
        ]
    codes = [
        Code(
            code=row["code"],
            en=row["en"],
            fr=row["fr"],
            synonyms=tuple(s for s in row["synonyms"].split("|") if s),
            extra={"eu": row["eu"]},
        )
        for row in rows
    ]
    codes.append(Code(STATELESS, "Stateless", "Apatride", ("apatride", "xx", "xxa")))
    return CodeList(
        "country",
        "ISO 3166-1:2020",
        "ISO 3166-1 alpha-2 codes; names from the Unicode CLDR (Babel); "
        "EU membership as of 2020-02-01 (27 Member States)",
        tuple(codes),
    )


def codelist_ids() -> list[str]:
    """Ids of every shipped code list."""
    folder = _data_dir() / "codelists"
    names = [p.name for p in folder.iterdir()]
    ids = sorted(n.removesuffix(".yaml") for n in names if n.endswith(".yaml"))
    return [*ids, "country"]


def citizenship_group(code: str | None, reporting_country: str) -> str:
    """Eurostat's citizenship grouping: reporting country, other EU, non-EU, unknown."""
    if code is None or code == UNKNOWN or code == "":
        return UNKNOWN
    if code == reporting_country:
        return "reporting_country"
    if code in EU_MEMBER_STATES:
        return "other_eu"
    return "non_eu"
