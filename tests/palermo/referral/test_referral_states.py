"""The referral workflow: states, allowed transitions, consent and the child's path."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from palermo.errors import InputError
from palermo.referral import (
    TRANSITIONS,
    AgeStatus,
    CaseHistory,
    CaseState,
    Role,
    TransitionRefused,
    allowed_transitions,
    decision_letter_addressee,
    extend_recovery_period,
    minimum_config,
    open_case,
    record_age,
    record_consent,
    record_guardian,
    refusal_reasons,
    transition,
)

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2025, 3, 3, 9, tzinfo=PARIS)
S = CaseState
FR, CA, CW, SP = (
    Role.FIRST_RESPONDER,
    Role.COMPETENT_AUTHORITY,
    Role.CASEWORKER,
    Role.SUPPORT_PROVIDER,
)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def walk(
    history: CaseHistory, *steps: tuple[CaseState, Role] | tuple[CaseState, Role, str]
) -> CaseHistory:
    for n, step in enumerate(steps, start=1):
        history = transition(history, step[0], at(n), step[1], *step[2:])
    return history


def adult(consent: bool | None = True) -> CaseHistory:
    return open_case(T0, FR, AgeStatus.ADULT, consent=consent)


def test_every_state_is_reachable_from_detection_and_only_exit_is_final() -> None:
    reachable, frontier = {S.DETECTED}, [S.DETECTED]
    while frontier:
        for target in allowed_transitions(frontier.pop()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(CaseState)
    assert [s for s in CaseState if not allowed_transitions(s)] == [S.EXIT]


def test_a_detected_case_may_be_referred_or_closed() -> None:
    assert allowed_transitions("detected") == (S.REFERRED, S.EXIT)


def test_every_state_has_an_english_and_a_french_label() -> None:
    assert all(s.label("en") != s.label("fr") for s in CaseState if s is not S.EXIT)
    assert S.RECOVERY_PERIOD.label("fr") == "Délai de rétablissement et de réflexion"


def test_an_adult_goes_from_detection_to_support_and_exit() -> None:
    history = walk(
        adult(),
        (S.REFERRED, FR),
        (S.FIRST_DECISION_PENDING, CA),
        (S.REASONABLE_GROUNDS_POSITIVE, CA),
        (S.RECOVERY_PERIOD, CW),
        (S.CONCLUSIVE_DECISION_PENDING, CA),
        (S.CONCLUSIVE_POSITIVE, CA),
        (S.SUPPORT, SP),
        (S.EXIT, SP, "support plan completed"),
    )
    assert [e.state for e in history.events][-3:] == [
        S.CONCLUSIVE_POSITIVE,
        S.SUPPORT,
        S.EXIT,
    ]
    assert history.entered(S.REFERRED) == at(1)


def test_a_transition_returns_a_new_history_and_keeps_the_old_one() -> None:
    before = adult()
    after = transition(before, "referred", at(1), "first_responder")
    assert before.state is S.DETECTED
    assert after.state is S.REFERRED
    assert len(after.events) == 2


def test_an_adult_is_not_referred_without_consent() -> None:
    with pytest.raises(TransitionRefused, match="only with their consent"):
        transition(adult(consent=None), S.REFERRED, at(1), FR)
    consented = record_consent(adult(consent=False), True, at(1), FR)
    assert transition(consented, S.REFERRED, at(2), FR).state is S.REFERRED


def test_an_adult_who_does_not_consent_leaves_with_a_reason() -> None:
    history = transition(adult(consent=False), S.EXIT, at(1), FR, "declined referral")
    assert history.state is S.EXIT


@pytest.mark.parametrize("age", [AgeStatus.CHILD, AgeStatus.UNCERTAIN])
def test_a_child_or_presumed_child_is_referred_without_consent(age: AgeStatus) -> None:
    history = open_case(T0, FR, age, consent=False)
    assert history.is_treated_as_child
    assert transition(history, S.REFERRED, at(1), FR).state is S.REFERRED


@pytest.mark.parametrize("age", [AgeStatus.CHILD, AgeStatus.UNCERTAIN])
def test_a_child_cannot_leave_the_mechanism_unreferred(age: AgeStatus) -> None:
    history = open_case(T0, FR, age)
    with pytest.raises(
        TransitionRefused, match="must be referred; no consent is needed"
    ):
        transition(history, S.EXIT, at(1), FR, "declined")


def test_an_age_assessment_that_finds_an_adult_brings_back_the_consent_rule() -> None:
    presumed = open_case(T0, FR, AgeStatus.UNCERTAIN)
    assessed = record_age(presumed, AgeStatus.ADULT, at(1), CA, "age assessment")
    assert not assessed.is_treated_as_child
    assert refusal_reasons(assessed, S.REFERRED, at(2), FR) == [
        "an adult is referred only with their consent; record it first "
        "(without consent, exit the case with the reason)"
    ]


def test_a_first_responder_cannot_take_the_reasonable_grounds_decision() -> None:
    history = walk(adult(), (S.REFERRED, FR), (S.FIRST_DECISION_PENDING, CA))
    reasons = refusal_reasons(history, S.REASONABLE_GROUNDS_NEGATIVE, at(5), FR)
    assert reasons == [
        "a first_responder cannot move a case from first_decision_pending to "
        "reasonable_grounds_negative (only competent_authority)",
        "moving to reasonable_grounds_negative needs a reason",
    ]
    with pytest.raises(TransitionRefused) as refused:
        transition(history, S.REASONABLE_GROUNDS_NEGATIVE, at(5), FR)
    assert len(refused.value.issues) == 2


def test_a_negative_decision_can_be_reconsidered_and_reversed() -> None:
    history = walk(
        adult(),
        (S.REFERRED, FR),
        (S.FIRST_DECISION_PENDING, CA),
        (S.REASONABLE_GROUNDS_NEGATIVE, CA, "no objective indicators"),
        (S.REASONABLE_GROUNDS_RECONSIDERATION, CW),
        (S.REASONABLE_GROUNDS_POSITIVE, CA),
    )
    assert history.state is S.REASONABLE_GROUNDS_POSITIVE


def test_it_refuses_a_move_the_table_does_not_have() -> None:
    with pytest.raises(TransitionRefused, match="cannot go from detected to support"):
        transition(adult(), S.SUPPORT, at(1), CW)


def test_it_refuses_a_naive_time_and_an_event_before_the_last_one() -> None:
    with pytest.raises(TransitionRefused, match="no time zone"):
        transition(adult(), S.REFERRED, datetime(2025, 3, 4, 9), FR)
    with pytest.raises(TransitionRefused, match="before the case's last event"):
        transition(adult(), S.REFERRED, T0 - timedelta(minutes=1), FR)


def test_every_transition_names_at_least_one_role() -> None:
    assert all(t.roles for t in TRANSITIONS)


def test_the_recovery_period_is_extended_within_the_country_limits() -> None:
    config = minimum_config("FR", "Europe/Paris")
    limited = replace(config, recovery_max_extensions=1, recovery_extension_max_days=30)
    history = walk(
        adult(),
        (S.REFERRED, FR),
        (S.FIRST_DECISION_PENDING, CA),
        (S.REASONABLE_GROUNDS_POSITIVE, CA),
        (S.RECOVERY_PERIOD, CW),
    )
    extended = extend_recovery_period(history, 30, at(10), CA, limited, "health")
    assert extended.events[-1].days == 30
    with pytest.raises(TransitionRefused, match="extended 1 time"):
        extend_recovery_period(extended, 10, at(11), CA, limited, "health")
    with pytest.raises(TransitionRefused, match="at most 30 days"):
        extend_recovery_period(history, 31, at(10), CA, limited, "health")
    with pytest.raises(TransitionRefused, match="needs a reason"):
        extend_recovery_period(history, 5, at(10), CA, limited)


def test_there_is_no_extension_outside_a_recovery_period() -> None:
    with pytest.raises(TransitionRefused, match="no recovery period is running"):
        extend_recovery_period(
            adult(), 5, at(1), CA, minimum_config("FR", "Europe/Paris"), "x"
        )


def test_a_guardian_is_appointed_for_a_child_only() -> None:
    child = record_guardian(open_case(T0, FR, AgeStatus.CHILD), at(2), CW)
    assert child.has_guardian
    with pytest.raises(TransitionRefused, match="this person is an adult"):
        record_guardian(adult(), at(2), CW)


def test_a_decision_letter_is_never_served_on_a_child() -> None:
    assert (
        decision_letter_addressee(open_case(T0, FR, AgeStatus.UNCERTAIN))
        == "guardian_or_representative"
    )
    assert decision_letter_addressee(adult()) == "person"


def test_nothing_is_recorded_on_a_closed_case() -> None:
    closed = transition(adult(consent=False), S.EXIT, at(1), FR, "declined")
    with pytest.raises(TransitionRefused, match="closed"):
        record_consent(closed, True, at(2), FR)


def test_an_unknown_state_or_role_is_named_in_the_error() -> None:
    with pytest.raises(
        InputError, match="'identified' is not a CaseState; expected one of detected"
    ):
        transition(adult(), "identified", at(1), FR)
    with pytest.raises(InputError, match="'police' is not a Role"):
        transition(adult(), "referred", at(1), "police")


def test_a_best_interests_assessment_is_recorded_for_a_child_only() -> None:
    from palermo.referral import record_best_interests

    child = open_case(T0, FR, AgeStatus.UNCERTAIN)
    assert not child.has_best_interests_assessment
    assessed = record_best_interests(child, at(1), CW, "durable solution: stay")
    assert assessed.has_best_interests_assessment
    assert assessed.state is S.DETECTED
    with pytest.raises(TransitionRefused, match="this person is an adult"):
        record_best_interests(adult(), at(1), CW)
    with pytest.raises(TransitionRefused, match="first_responder cannot"):
        record_best_interests(child, at(1), FR)
