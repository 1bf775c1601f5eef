"""English and French text of the report, and numbers formatted for the language.

The words live in a small message catalogue (``data/messages.yaml``: one entry per key
with an ``en`` and an ``fr`` text, ``{name}`` placeholders filled by :meth:`Lang.t`).
Numbers go through Babel so that a French reader sees ``1 234,5`` and an English one
``1,234.5``; the thousands separator is Babel's narrow no-break space in French, so a
number never breaks across two lines.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal

from palermo.errors import InputError

LANGUAGES = ("en", "fr")
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message by key, each with its ``en`` and ``fr`` text."""
    text = (
        resources.files("palermo.report")
        .joinpath("data/messages.yaml")
        .read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text)
    return {str(k): {lang: str(v[lang]) for lang in LANGUAGES} for k, v in raw.items()}


def check_language(lang: str) -> str:
    """``lang`` if the report speaks it; otherwise an :class:`InputError`."""
    if lang not in LANGUAGES:
        raise InputError(f"the report is written in en or fr, not {lang!r}")
    return lang


@dataclass(frozen=True)
class Lang:
    """The report's language: its messages and its number formats.

    Attributes:
        code: ``en`` or ``fr``.
    """

    code: str = "en"

    def __post_init__(self) -> None:
        check_language(self.code)

    @property
    def locale(self) -> str:
        """The Babel locale of the language."""
        return _LOCALES[self.code]

    def t(self, key: str, **values: Any) -> str:
        """The message ``key`` in this language, with ``values`` filled in.

        Numbers among ``values`` should be formatted by the caller (``integer``,
        ``decimal``...) so that they follow the language.
        """
        try:
            template = catalogue()[key][self.code]
        except KeyError as error:
            raise KeyError(f"no message {key!r} in the report catalogue") from error
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        """Whether the catalogue has a message ``key``."""
        return key in catalogue()

    def integer(self, value: float) -> str:
        """A whole number with the language's grouping (``1 234`` / ``1,234``)."""
        return format_decimal(round(value), format="#,##0", locale=self.locale)

    def decimal(self, value: float, places: int = 1) -> str:
        """A number with ``places`` decimals (``1 234,5`` / ``1,234.5``)."""
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def number(self, value: float) -> str:
        """A count as a whole number, anything else with one decimal."""
        if float(value).is_integer():
            return self.integer(value)
        return self.decimal(value, 1)

    def percent(self, value: float, places: int = 1) -> str:
        """A percentage given in percent (``59.7`` -> ``59.7%`` / ``59,7 %``)."""
        text = self.decimal(value, places)
        return f"{text}\u202f%" if self.code == "fr" else f"{text}%"

    def signed(self, value: float, places: int = 0) -> str:
        """A change with its sign (``+12``, ``−3``; a true minus sign)."""
        if value == 0:
            return self.decimal(0, places)
        text = self.decimal(abs(value), places) if places else self.integer(abs(value))
        return ("+" if value > 0 else "\u2212") + text

    def signed_percent(self, value: float) -> str:
        """A relative change in percent with its sign (``+8.2%``)."""
        if not math.isfinite(value):
            return "–"
        text = self.signed(value, 1)
        return f"{text}\u202f%" if self.code == "fr" else f"{text}%"

    def date(self, iso: str) -> str:
        """An ISO date as the language writes it (``29 November 2026``); else as given."""
        try:
            day = datetime.date.fromisoformat(iso)
        except ValueError:
            return iso
        return format_date(day, format="long", locale=self.locale)

    def list(self, items: list[str]) -> str:
        """Items joined as the language joins a list (``a, b and c``)."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.t('and')} " + items[-1]


__all__ = ["LANGUAGES", "Lang", "catalogue", "check_language"]
