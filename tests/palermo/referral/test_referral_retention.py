"""When a closed case's identity is erased, per country; a child's floor."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.errors import InputError
from palermo.referral import (
    AgeStatus,
    CaseState,
    CountryConfig,
    RetentionRules,
    Role,
    erasure_date,
    majority_date,
    minimum_config,
    open_case,
    transition,
)

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2025, 3, 3, 9, tzinfo=PARIS)
FR, CA = Role.FIRST_RESPONDER, Role.COMPETENT_AUTHORITY
RULES = RetentionRules(
    identity_years_after_exit=5,
    unreferred_days_after_exit=90,
    child_years_after_majority=3,
    source="test figures",
)


def closed_referred(age: AgeStatus = AgeStatus.ADULT):
    history = open_case(T0, FR, age, consent=True)
    history = transition(history, CaseState.REFERRED, T0 + timedelta(days=1), FR)
    history = transition(
        history, CaseState.FIRST_DECISION_PENDING, T0 + timedelta(days=2), CA
    )
    return transition(
        history, CaseState.EXIT, datetime(2025, 3, 31, 23, 30, tzinfo=PARIS), CA, "x"
    )


def test_an_open_case_is_never_erased() -> None:
    history = open_case(T0, FR, AgeStatus.ADULT, consent=True)
    assert erasure_date(history, RULES, PARIS) is None


def test_without_configured_rules_nothing_is_erased_automatically() -> None:
    assert not RetentionRules().is_set
    assert erasure_date(closed_referred(), RetentionRules(), PARIS) is None


def test_a_referred_case_is_erased_the_configured_years_after_exit_in_local_days() -> (
    None
):
    # The exit was at 23:30 in Paris, already 31 March; the local date counts.
    assert erasure_date(closed_referred(), RULES, PARIS) == date(2030, 3, 31)


def test_a_case_closed_without_referral_is_erased_sooner() -> None:
    history = open_case(T0, FR, AgeStatus.ADULT, consent=False)
    history = transition(history, CaseState.EXIT, T0 + timedelta(days=1), FR, "no")
    assert erasure_date(history, RULES, PARIS) == date(2025, 3, 4) + timedelta(90)


def test_a_child_keeps_their_identity_until_majority_plus_the_configured_years() -> (
    None
):
    history = closed_referred(AgeStatus.CHILD)
    assert erasure_date(history, RULES, PARIS, birth_date=date(2012, 2, 29)) == date(
        2033, 2, 28
    )
    # Of age long ago: the five years after exit decide.
    assert erasure_date(history, RULES, PARIS, birth_date=date(1990, 1, 1)) == date(
        2030, 3, 31
    )


def test_a_child_of_unknown_birth_date_is_kept_until_the_latest_possible_majority() -> (
    None
):
    opened = date(2025, 3, 3)
    # Aged 16 at registration, perhaps since that very day: 18 two years later.
    assert majority_date(opened, birth_date=None, age_at_opening=16) == date(2027, 3, 3)
    assert majority_date(opened, birth_date=None, age_at_opening=None) == date(
        2043, 3, 3
    )


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 3, 3)))
def test_the_latest_possible_majority_is_never_before_the_true_one(born: date) -> None:
    opened = date(2025, 3, 3)
    age = (
        opened.year - born.year - ((opened.month, opened.day) < (born.month, born.day))
    )
    if age >= 18:
        return
    estimate = majority_date(opened, birth_date=None, age_at_opening=age)
    truth = majority_date(opened, birth_date=born, age_at_opening=age)
    assert estimate >= truth
    assert (estimate - truth).days < 366


def test_an_assessment_that_finds_an_adult_removes_the_child_floor() -> None:
    from palermo.referral import record_age

    history = open_case(T0, FR, AgeStatus.UNCERTAIN)
    history = record_age(history, AgeStatus.ADULT, T0 + timedelta(hours=1), CA)
    history = transition(history, CaseState.EXIT, T0 + timedelta(days=1), FR, "no")
    assert erasure_date(history, RULES, PARIS) == date(2025, 3, 4) + timedelta(90)


def test_retention_rules_round_trip_through_the_country_configuration() -> None:
    config = CountryConfig.from_dict(
        {**minimum_config("FR", "Europe/Paris").to_dict(), "retention": RULES.to_dict()}
    )
    assert config.retention == RULES
    assert CountryConfig.from_dict(config.to_dict()) == config


def test_it_refuses_unknown_or_negative_retention_settings() -> None:
    with pytest.raises(InputError, match="unknown setting.*years"):
        RetentionRules.from_dict({"years": 5})
    with pytest.raises(InputError, match="must not be negative"):
        RetentionRules(identity_years_after_exit=-1)
