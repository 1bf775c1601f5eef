"""The report speaks English and French, with numbers as each language writes them."""

from __future__ import annotations

import re
import string

import pytest

from palermo.errors import InputError
from palermo.report.i18n import LANGUAGES, Lang, catalogue


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_english_and_french_with_the_same_placeholders() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert texts["en"].strip(), key
        assert texts["fr"].strip(), key
        assert _placeholders(texts["en"]) == _placeholders(texts["fr"]), key


def test_french_numbers_group_thousands_with_a_space_and_use_a_decimal_comma() -> None:
    fr = Lang("fr")
    # Babel uses the narrow no-break space, so a number never breaks across lines.
    assert fr.decimal(1234.5) == "1\u202f234,5"
    assert fr.integer(1234567) == "1\u202f234\u202f567"
    assert fr.percent(59.74) == "59,7\u202f%"


def test_english_numbers_group_thousands_with_a_comma() -> None:
    en = Lang("en")
    assert en.decimal(1234.5) == "1,234.5"
    assert en.integer(1100) == "1,100"
    assert en.percent(59.74) == "59.7%"


@pytest.mark.parametrize(("value", "text"), [(12, "+12"), (-3, "\u22123"), (0, "0")])
def test_a_change_carries_its_sign_with_a_true_minus(value: int, text: str) -> None:
    assert Lang("en").signed(value) == text


def test_a_relative_change_is_signed_and_in_percent() -> None:
    assert Lang("en").signed_percent(8.24) == "+8.2%"
    assert Lang("fr").signed_percent(-8.24) == "\u22128,2\u202f%"


def test_it_rejects_a_language_the_report_does_not_speak() -> None:
    with pytest.raises(InputError, match="en or fr"):
        Lang("de")


def test_no_message_writes_a_number_itself() -> None:
    # Numbers must reach the catalogue already formatted for the language.
    for key, texts in catalogue().items():
        for text in texts.values():
            assert not re.search(r"\{[a-z_]+:[^}]*\}", text), key
