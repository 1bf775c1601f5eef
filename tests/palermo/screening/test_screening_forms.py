"""Short forms for border guards and consular staff."""

from __future__ import annotations

import pytest

from palermo.errors import InputError
from palermo.screening import (
    Outcome,
    assess_form,
    form_ids,
    load_form,
    load_profile,
    referral_advice,
)


@pytest.mark.parametrize("form", form_ids())
def test_every_form_asks_only_indicators_of_the_transcribed_lists_it_serves(
    form: str,
) -> None:
    short = load_form(form)
    for profile in short.profiles:
        shipped = load_profile(profile)
        if shipped.is_transcribed:
            assert len(short.indicators_for(shipped)) == len(short.indicators)


def test_there_are_forms_for_border_guards_and_consular_staff() -> None:
    assert set(form_ids()) == {"border_guard", "consular"}
    assert (
        load_form("border-guard")
        .title("fr")
        .startswith("Formulaire d'évaluation abrégé")
    )


def test_a_short_form_alone_never_makes_an_adult_a_presumed_victim() -> None:
    short = load_form("consular")
    everything = {i: "present" for i in short.indicators}
    result = assess_form(everything, short, "adult-labour")
    # The form asks nothing about exploitation at destination, which stays unknown.
    assert result.outcome is Outcome.INCONCLUSIVE
    assert result.flagged


def test_one_strong_indicator_on_a_border_form_advises_referral() -> None:
    result = assess_form({"D2.violence": "present"}, "border-guard", "adult-labour")
    assert result.flagged
    assert "full screening" in referral_advice("en")
    assert "évaluation complète" in referral_advice("fr")


def test_nothing_of_concern_on_a_form_does_not_advise_referral() -> None:
    short = load_form("border_guard")
    result = assess_form({i: "absent" for i in short.indicators}, short, "child-labour")
    assert not result.flagged


def test_it_refuses_answers_to_questions_the_form_does_not_ask() -> None:
    with pytest.raises(
        InputError, match="not on the border_guard form: D4.excessive_hours"
    ):
        assess_form({"D4.excessive_hours": "present"}, "border-guard", "adult-labour")


def test_it_rejects_an_unknown_form() -> None:
    with pytest.raises(InputError, match="border-guard, consular"):
        load_form("customs")
