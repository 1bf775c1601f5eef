"""Printable prompt sheets: self-contained, bilingual, complete, no identity fields."""

from __future__ import annotations

import re

import pytest

from palermo.errors import InputError
from palermo.screening import (
    IndicatorListMissing,
    load_form,
    load_profile,
    render_sheet,
)


def indicator_rows(html: str) -> list[str]:
    return re.findall(r'data-indicator="([^"]+)"', html)


@pytest.mark.parametrize("profile", ["adult_labour", "child_labour"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_sheet_lists_every_indicator_of_the_profile(profile: str, lang: str) -> None:
    html = render_sheet(profile, lang)
    assert indicator_rows(html) == [i.id for i in load_profile(profile).indicators]


def test_a_sheet_is_self_contained_and_made_for_print() -> None:
    html = render_sheet("adult-labour", "en")
    assert "@media print" in html
    assert "@page" in html
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "url(" not in html


def test_a_french_sheet_is_in_french_and_says_the_translation_is_unofficial() -> None:
    html = render_sheet("adult-labour", "fr")
    assert '<html lang="fr">' in html
    assert "Trompé(e) sur la nature de l&#39;emploi" in html
    assert "Deceived about" not in html
    assert "traduction non officielle" in html


def test_an_english_sheet_has_no_french_labels() -> None:
    html = render_sheet("child-labour", "en")
    assert "Trompé" not in html
    assert "Children (under 18)" in html


def test_a_short_form_sheet_prints_only_the_form_and_its_referral_advice() -> None:
    html = render_sheet("adult-labour", "en", form="consular")
    expected = [
        i.id for i in load_form("consular").indicators_for(load_profile("adult_labour"))
    ]
    assert indicator_rows(html) == expected
    assert "Refer the person for a full screening" in html


def test_a_sheet_asks_for_no_identity_data() -> None:
    for lang in ("en", "fr"):
        html = render_sheet("adult-labour", lang).lower()
        for word in (
            "given name",
            "family name",
            "date of birth",
            "prénom",
            "date de naissance",
        ):
            assert word not in html
    assert "Case reference (no name)" in render_sheet("adult-labour", "en")


def test_a_child_sheet_explains_the_child_rule() -> None:
    html = render_sheet("child-labour", "en")
    assert (
        "A positive recruitment dimension and a positive exploitation dimension" in html
    )


def test_there_is_no_sheet_for_a_list_not_yet_transcribed() -> None:
    with pytest.raises(IndicatorListMissing):
        render_sheet("child-sexual", "fr")


def test_it_rejects_a_language_it_does_not_have() -> None:
    with pytest.raises(InputError, match="expected en or fr"):
        render_sheet("adult-labour", "de")
