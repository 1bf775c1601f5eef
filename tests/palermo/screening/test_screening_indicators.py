"""The indicator lists as shipped: counts, strengths, provenance, missing lists."""

from __future__ import annotations

from collections import Counter

import pytest

from palermo.errors import InputError
from palermo.screening import (
    DIMENSION_IDS,
    PROFILE_IDS,
    IndicatorListMissing,
    Strength,
    assess,
    load_dimensions,
    load_profile,
    profile_id,
    profiles_for,
    require_profile,
)

# The labour lists as printed in the research notes (domain.md section 3.3), read
# independently of the data files: (dimension, label, adults-labour, children-labour),
# "—" where an indicator is not in the list.
RESEARCH_NOTES = [
    ("D1", "Deceived about the nature of the job, location, or employer", "S", "S"),
    ("D1", "Deceived about conditions of work", "M", "M"),
    ("D1", "Deceived about content or legality of work contract", "M", "M"),
    ("D1", "Deceived about family reunification", "M", "M"),
    ("D1", "Deceived about housing and living conditions", "M", "M"),
    (
        "D1",
        "Deceived about legal documentation or obtaining legal migrant status",
        "M",
        "M",
    ),
    ("D1", "Deceived about travel and recruitment conditions", "M", "M"),
    ("D1", "Deceived about wages/earnings", "M", "M"),
    ("D1", "Deceived through promises of marriage or adoption", "M", "M"),
    ("D1", "Deceived about access to education opportunities", "W", "S"),
    ("D2", "Violence on victims", "S", "S"),
    ("D2", "Threats of violence against victim", "M", "S"),
    (
        "D2",
        "Abduction, forced marriage, forced adoption or selling of victim",
        "M",
        "S",
    ),
    ("D2", "Debt bondage", "M", "S"),
    ("D2", "Confiscation of documents", "M", "M"),
    ("D2", "Isolation, confinement or surveillance", "M", "M"),
    ("D2", "Threat of denunciation to authorities", "M", "M"),
    ("D2", "Threat to inform family, community or public", "M", "M"),
    ("D2", "Violence on family (threats or effective)", "M", "M"),
    ("D2", "Withholding of money", "M", "M"),
    ("D3", "Abuse of difficult family situation", "M", "M"),
    ("D3", "Abuse of illegal status", "M", "M"),
    ("D3", "Abuse of lack of education (language)", "M", "M"),
    ("D3", "Abuse of lack of information", "M", "M"),
    ("D3", "Control of exploiters", "M", "M"),
    ("D3", "Economic reasons", "M", "M"),
    ("D3", "False information about law, attitude of authorities", "M", "—"),
    ("D3", "False information about successful migration", "M", "M"),
    ("D3", "Family situation", "M", "M"),
    ("D3", "Personal situation", "M", "M"),
    ("D3", "Psychological and emotional dependency", "M", "M"),
    ("D3", "Relationship with authorities/legal status", "M", "M"),
    ("D3", "Difficulties in the past", "M", "M"),
    ("D3", "Difficulty to organise the travel", "M", "M"),
    ("D3", "Abuse of cultural/religious beliefs", "W", "M"),
    ("D3", "General context", "W", "M"),
    ("D4", "Excessive working days or hours", "S", "S"),
    ("D4", "Bad living conditions", "M", "M"),
    ("D4", "Hazardous work", "M", "M"),
    ("D4", "Low or no salary", "M", "M"),
    ("D4", "No respect of labour laws or contract signed", "M", "M"),
    ("D4", "No social protection (contract, social insurance, etc.)", "M", "—"),
    ("D4", "Very bad working conditions", "M", "M"),
    ("D4", "Wage manipulation", "M", "M"),
    ("D4", "No access to education", "W", "M"),
    ("D5", "Confiscation of documents", "S", "S"),
    ("D5", "Debt bondage", "S", "S"),
    ("D5", "Isolation, confinement or surveillance", "S", "S"),
    ("D5", "Violence on victims", "S", "S"),
    ("D5", "Threats of violence against victim", "M", "S"),
    ("D5", "Forced into illicit/criminal activities", "M", "S"),
    ("D5", "Forced tasks or clients", "M", "S"),
    ("D5", "Under strong influence", "M", "S"),
    ("D5", "Forced to act against peers", "M", "M"),
    ("D5", "Forced to lie to authorities, family, etc.", "M", "M"),
    ("D5", "Threat of denunciation to authorities", "M", "M"),
    ("D5", "Threat to impose even worse working conditions", "M", "M"),
    ("D5", "Violence on family (threats or effective)", "M", "M"),
    ("D5", "Withholding of wages", "M", "M"),
    ("D5", "Threats to inform family, community or public", "W", "M"),
    ("D6", "Dependency on exploiters", "M", "M"),
    ("D6", "Difficulty to live in an unknown area", "M", "M"),
    ("D6", "Economic reasons", "M", "M"),
    ("D6", "Family situation", "M", "M"),
    ("D6", "Relationship with authorities/legal status", "M", "M"),
    ("D6", "Difficulties in the past", "W", "M"),
    ("D6", "Personal characteristics", "W", "M"),
]
LETTER = {"S": Strength.STRONG, "M": Strength.MEDIUM, "W": Strength.WEAK}


@pytest.mark.parametrize(
    ("profile", "column"), [("adult_labour", 2), ("child_labour", 3)]
)
def test_the_labour_lists_match_the_research_notes_indicator_by_indicator(
    profile: str, column: int
) -> None:
    expected = [
        (row[0], row[1], LETTER[row[column]])
        for row in RESEARCH_NOTES
        if row[column] != "—"
    ]
    shipped = [
        (i.dimension, i.en, i.strength) for i in load_profile(profile).indicators
    ]
    assert shipped == expected


def test_the_adult_labour_list_has_the_published_dimension_counts() -> None:
    counts = Counter(i.dimension for i in load_profile("adult_labour").indicators)
    assert [counts[d] for d in DIMENSION_IDS] == [10, 10, 16, 9, 15, 7]


def test_the_child_labour_list_has_65_indicators_and_no_weak_tier() -> None:
    child = load_profile("child_labour")
    assert len(child.indicators) == 65
    assert Strength.WEAK not in {i.strength for i in child.indicators}


def test_recruitment_by_abuse_of_vulnerability_has_no_strong_indicator_for_adults() -> (
    None
):
    adult = load_profile("adult_labour")
    assert {i.strength for i in adult.indicators_of("D3")} == {
        Strength.MEDIUM,
        Strength.WEAK,
    }


@pytest.mark.parametrize("profile", ["adult_sexual", "child_sexual"])
def test_the_sexual_exploitation_lists_are_shipped_as_missing_never_invented(
    profile: str,
) -> None:
    shipped = load_profile(profile)
    assert not shipped.is_transcribed
    assert shipped.indicators == ()
    with pytest.raises(IndicatorListMissing, match="not yet transcribed"):
        require_profile(profile)


def test_screening_against_a_missing_list_raises_a_clear_error() -> None:
    with pytest.raises(
        IndicatorListMissing, match="adult-sexual is not yet transcribed"
    ):
        assess({}, "adult-sexual")


@pytest.mark.parametrize("profile", PROFILE_IDS)
def test_every_list_records_its_source_and_version(profile: str) -> None:
    shipped = load_profile(profile)
    assert "WCMS_105023" in shipped.source
    assert shipped.data_version
    assert shipped.provenance()["status"] in {"transcribed", "missing"}


@pytest.mark.parametrize("profile", ["adult_labour", "child_labour"])
def test_transcribed_lists_mark_french_as_an_unofficial_translation(
    profile: str,
) -> None:
    shipped = load_profile(profile)
    assert shipped.translation_fr is not None
    assert "non officielle" in shipped.translation_fr
    assert all(i.fr and i.fr != i.en for i in shipped.indicators)


def test_the_same_indicator_id_has_the_same_labels_in_every_list() -> None:
    adult = {i.id: (i.en, i.fr) for i in load_profile("adult_labour").indicators}
    child = {i.id: (i.en, i.fr) for i in load_profile("child_labour").indicators}
    assert all(adult[k] == v for k, v in child.items())


def test_there_are_six_dimensions_with_english_and_french_prompts() -> None:
    dimensions = load_dimensions()
    assert [d.id for d in dimensions] == list(DIMENSION_IDS)
    assert all(d.prompt("en") and d.prompt("fr") != d.prompt("en") for d in dimensions)


def test_profile_ids_accept_the_cli_spelling() -> None:
    assert profile_id("adult-labour") == "adult_labour"
    assert profile_id(" Child_Labour ") == "child_labour"


def test_it_rejects_an_unknown_profile_and_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="adult-labour, adult-sexual"):
        profile_id("adult-begging")


def test_an_uncertain_age_selects_the_child_lists() -> None:
    assert profiles_for(None, ["labour"]) == ("child_labour",)
    assert profiles_for(True, ["begging"]) == ("child_labour",)
    assert profiles_for(False, ["labour"]) == ("adult_labour",)


def test_a_mixed_case_is_screened_against_both_lists() -> None:
    assert profiles_for(False, ["sexual", "labour", "servitude"]) == (
        "adult_labour",
        "adult_sexual",
    )


def test_forms_no_ilo_list_covers_select_no_profile() -> None:
    assert profiles_for(False, ["organ_removal", "surrogacy"]) == ()
