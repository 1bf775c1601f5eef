"""The decision rule: per-dimension clauses, combination, and unknown answers."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.errors import InputError
from palermo.screening import (
    Answer,
    ChildRule,
    DimensionStatus,
    Outcome,
    ScreeningConfig,
    Strength,
    assess,
    load_profile,
    load_rules,
)

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK

# Enough for each dimension of the adult rule to be positive, and nothing else.
RECRUITMENT = {"D1.nature_of_job": "present", "D1.wages": "present"}  # strong + medium
EXPLOITATION = {"D4.excessive_hours": "present", "D4.low_or_no_salary": "present"}
COERCION = {"D5.confiscation_of_documents": "present", "D5.isolation": "present"}


def everything_else(profile: str, answer: str, given: dict[str, str]) -> dict[str, str]:
    rest = {i.id: answer for i in load_profile(profile).indicators if i.id not in given}
    return rest | given


@pytest.mark.parametrize(
    ("present", "clause"),
    [
        ([S, S], "a"),
        ([S, M], "b"),
        ([S, W], "b"),
        ([M, M, M], "c"),
        ([M, M, W], "d"),
        ([S, S, M, W], "a"),
    ],
)
def test_a_dimension_is_positive_under_each_published_clause(
    present: list[Strength], clause: str
) -> None:
    assert load_rules().clause_met(Counter(present)) == clause


@pytest.mark.parametrize(
    "present", [[], [S], [M], [W], [M, M], [M, W], [M, W, W], [W, W, W], [W, W, W, W]]
)
def test_a_dimension_is_not_positive_below_the_clauses(present: list[Strength]) -> None:
    assert load_rules().clause_met(Counter(present)) is None


def test_an_adult_with_recruitment_exploitation_and_coercion_is_a_presumed_victim() -> (
    None
):
    result = assess(RECRUITMENT | EXPLOITATION | COERCION, "adult_labour")
    assert result.outcome is Outcome.PRESUMED_VICTIM
    assert [d.dimension.id for d in result.decisive] == ["D1", "D4", "D5"]
    assert [d.clause for d in result.decisive] == ["b", "b", "a"]


def test_abuse_of_vulnerability_at_destination_can_stand_for_coercion() -> None:
    vulnerability = {
        f"D6.{k}": "present"
        for k in ("dependency_on_exploiters", "unknown_area", "economic_reasons")
    }
    result = assess(RECRUITMENT | EXPLOITATION | vulnerability, "adult_labour")
    assert result.outcome is Outcome.PRESUMED_VICTIM
    assert [d.dimension.id for d in result.decisive] == ["D1", "D4", "D6"]


@pytest.mark.parametrize(
    "missing", ["recruitment", "exploitation", "destination_means"]
)
def test_an_adult_needs_every_group_of_the_combination_rule(missing: str) -> None:
    parts = {
        "recruitment": RECRUITMENT,
        "exploitation": EXPLOITATION,
        "destination_means": COERCION,
    }
    answers: dict[str, str] = {}
    for name, part in parts.items():
        if name != missing:
            answers |= part
    result = assess(everything_else("adult_labour", "absent", answers), "adult_labour")
    assert result.outcome is Outcome.INDICATORS_NOT_MET
    assert {g.id for g in result.groups if g.status is DimensionStatus.NEGATIVE} == {
        missing
    }


def test_unknown_is_not_absent() -> None:
    unknown_rest = assess(RECRUITMENT | EXPLOITATION, "adult_labour")
    absent_rest = assess(
        everything_else("adult_labour", "absent", RECRUITMENT | EXPLOITATION),
        "adult_labour",
    )
    assert unknown_rest.outcome is Outcome.INCONCLUSIVE
    assert unknown_rest.outcome_if_unknowns_present is Outcome.PRESUMED_VICTIM
    assert absent_rest.outcome is Outcome.INDICATORS_NOT_MET
    assert absent_rest.outcome_if_unknowns_present is Outcome.INDICATORS_NOT_MET


def test_a_child_needs_no_means_at_destination() -> None:
    answers = everything_else("child_labour", "absent", RECRUITMENT | EXPLOITATION)
    assert assess(answers, "child_labour").outcome is Outcome.PRESUMED_VICTIM
    assert assess(answers, "adult_labour").outcome is Outcome.INDICATORS_NOT_MET


def test_the_child_rule_can_drop_the_recruitment_dimension() -> None:
    answers = everything_else("child_labour", "absent", EXPLOITATION)
    default = assess(answers, "child_labour")
    exploitation_only = assess(
        answers, "child_labour", ScreeningConfig(child_rule=ChildRule.EXPLOITATION_ONLY)
    )
    assert default.outcome is Outcome.INDICATORS_NOT_MET
    assert exploitation_only.outcome is Outcome.PRESUMED_VICTIM
    assert exploitation_only.config.to_dict() == {"child_rule": "exploitation_only"}


def test_the_same_answer_weighs_more_in_the_child_list() -> None:
    # Threats of violence at recruitment: medium for adults, strong for children.
    answers = {"D2.violence": "present", "D2.threats_of_violence": "present"}
    adult = assess(answers, "adult_labour").dimensions[1]
    child = assess(answers, "child_labour").dimensions[1]
    assert (adult.clause, child.clause) == ("b", "a")


def test_the_result_reads_presumed_victim_with_the_deciding_indicators() -> None:
    result = assess(RECRUITMENT | EXPLOITATION | COERCION, "adult-labour")
    english = result.summary("en")
    assert english.startswith("Presumed victim — indicators met: Deceptive recruitment")
    assert "Deceived about wages/earnings (medium)" in english
    assert "rule a: 2 strong" in english
    assert "not a legal determination" in english
    french = result.summary("fr")
    assert french.startswith(
        "Victime présumée — indicateurs réunis : Recrutement trompeur"
    )
    assert "règle a : 2 forts" in french


def test_indicators_not_met_never_reads_as_not_a_victim() -> None:
    result = assess(everything_else("adult_labour", "absent", {}), "adult_labour")
    assert result.outcome is Outcome.INDICATORS_NOT_MET
    text = result.summary("en")
    assert text.startswith("Indicators not met")
    assert "not a finding that the person is not a victim" in text
    assert "not a legal determination" in text


def test_an_inconclusive_result_says_what_to_ask_first() -> None:
    result = assess(
        RECRUITMENT | EXPLOITATION | {"D5.isolation": "present"}, "adult_labour"
    )
    assert result.outcome is Outcome.INCONCLUSIVE
    asked = [i.id for i in result.to_ask]
    # One more D5 indicator of any strength would complete D5 (one strong is present),
    # so those come before anything in D6; nothing in the groups already met is asked.
    assert asked[0].startswith("D5.")
    assert not any(i.startswith(("D1.", "D2.", "D3.", "D4.")) for i in asked)
    assert "Ask about: Confiscation of documents (strong)" in result.summary()


def test_there_is_nothing_to_ask_once_the_outcome_is_settled() -> None:
    assert assess(RECRUITMENT | EXPLOITATION | COERCION, "adult_labour").to_ask == ()


def test_yaml_yes_and_no_are_read_as_present_and_absent() -> None:
    result = assess(
        {
            "D1.nature_of_job": True,
            "D1.wages": "oui",
            "D1.housing": False,
            "D1.contract": None,
        },
        "adult_labour",
    )
    d1 = result.dimensions[0]
    assert [i.id for i in d1.present] == ["D1.nature_of_job", "D1.wages"]
    assert [i.id for i in d1.absent] == ["D1.housing"]
    assert "D1.contract" in [i.id for i in d1.unknown]


def test_it_reports_every_bad_answer_with_its_indicator() -> None:
    with pytest.raises(InputError) as caught:
        assess(
            {
                "D1.nature_of_job": "maybe",
                "D9.invented": "present",
                "D3.false_information_law": "present",
            },
            "child_labour",
        )
    issues = {(i["column"], i["code"]) for i in caught.value.issues}
    assert issues == {
        ("D1.nature_of_job", "invalid_answer"),
        ("D9.invented", "unknown_indicator"),
        ("D3.false_information_law", "unknown_indicator"),  # not in the child list
    }


def test_the_result_serialises_with_its_config_and_versions() -> None:
    data = assess(RECRUITMENT, "child_labour").to_dict()
    assert data["outcome"] == "inconclusive"
    assert data["profile_version"] == "1.0"
    assert data["config"] == {"child_rule": None}
    assert "not a legal determination" in data["note"].lower()


def test_a_strong_indicator_alone_flags_the_person_for_referral() -> None:
    assert assess({"D5.violence": "present"}, "adult_labour").flagged
    assert not assess({"D5.threats_of_violence": "present"}, "adult_labour").flagged


ADULT_IDS = [i.id for i in load_profile("adult_labour").indicators]
answer_sets = st.lists(
    st.sampled_from(list(Answer)), min_size=len(ADULT_IDS), max_size=len(ADULT_IDS)
).map(lambda answers: dict(zip(ADULT_IDS, answers, strict=True)))


def replace_unknown(answers: dict[str, Answer], by: Answer) -> dict[str, Answer]:
    return {k: by if v is Answer.UNKNOWN else v for k, v in answers.items()}


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_the_outcome_brackets_what_the_unknown_answers_could_turn_out_to_be(
    answers: dict[str, Answer],
) -> None:
    result = assess(answers, "adult_labour")
    low = assess(replace_unknown(answers, Answer.ABSENT), "adult_labour").outcome
    high = assess(replace_unknown(answers, Answer.PRESENT), "adult_labour").outcome
    assert result.outcome_if_unknowns_present is high
    expected = low if low is high else Outcome.INCONCLUSIVE
    assert result.outcome is expected


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_answering_present_to_what_it_asks_is_enough_to_settle_the_outcome(
    answers: dict[str, Answer],
) -> None:
    result = assess(answers, "adult_labour")
    if result.outcome is not Outcome.INCONCLUSIVE:
        assert result.to_ask == ()
        return
    followed = answers | {i.id: Answer.PRESENT for i in result.to_ask}
    assert assess(followed, "adult_labour").outcome is Outcome.PRESUMED_VICTIM
