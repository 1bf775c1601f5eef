"""Residence of third-country victims under Directive 2004/81/EC."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from palermo.referral import (
    PermitHistory,
    PermitState,
    Role,
    TransitionRefused,
    allowed_permit_transitions,
    load_country_config,
    minimum_config,
    permit_transition,
    permit_validity,
    reflection_period_end,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
BELGIUM = minimum_config("BE", "Europe/Brussels")
IA = Role.IMMIGRATION_AUTHORITY
P = PermitState


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


def step(
    history: PermitHistory, to: PermitState, when: datetime, **kwargs: object
) -> PermitHistory:
    return permit_transition(
        history, to, when, IA, BELGIUM, third_country_national=True, **kwargs
    )  # type: ignore[arg-type]


def granted(months: int | None = None) -> PermitHistory:
    history = step(PermitHistory(), P.REFLECTION_PERIOD, brussels(2025, 1, 10, 9))
    history = step(history, P.APPLICATION_PENDING, brussels(2025, 2, 3, 9))
    return step(history, P.GRANTED, brussels(2025, 3, 15, 9), months=months)


def test_a_reflection_period_runs_for_the_configured_days() -> None:
    history = step(PermitHistory(), P.REFLECTION_PERIOD, brussels(2025, 1, 10, 9))
    end = reflection_period_end(history, BELGIUM)
    assert end is not None
    assert end.last_day == date(2025, 2, 9)


def test_a_permit_is_valid_six_months_by_default() -> None:
    validity = permit_validity(granted(), BELGIUM)
    assert validity is not None
    assert validity.last_day == date(2025, 9, 15)


def test_a_renewal_runs_on_from_the_end_of_the_permit_it_renews() -> None:
    renewed = step(granted(), P.RENEWED, brussels(2025, 8, 1, 9), months=12)
    validity = permit_validity(renewed, BELGIUM)
    assert validity is not None
    assert validity.last_day == date(2026, 9, 15)


def test_a_permit_shorter_than_six_months_is_refused() -> None:
    with pytest.raises(TransitionRefused, match="at least 6 months"):
        granted(months=5)


def test_the_directive_covers_third_country_nationals_only() -> None:
    with pytest.raises(TransitionRefused, match="third-country nationals only"):
        permit_transition(
            PermitHistory(),
            P.REFLECTION_PERIOD,
            brussels(2025, 1, 10),
            IA,
            BELGIUM,
            third_country_national=False,
        )


def test_the_directive_does_not_apply_in_the_united_kingdom() -> None:
    with pytest.raises(TransitionRefused, match="does not apply in GB"):
        permit_transition(
            PermitHistory(),
            P.REFLECTION_PERIOD,
            brussels(2025, 1, 10),
            IA,
            load_country_config("gb"),
            third_country_national=True,
        )


def test_a_withdrawal_needs_a_reason() -> None:
    with pytest.raises(TransitionRefused, match="needs a reason"):
        step(granted(), P.WITHDRAWN, brussels(2025, 4, 1))
    assert (
        step(granted(), P.WITHDRAWN, brussels(2025, 4, 1), reason="Art. 14(c)").state
        is P.WITHDRAWN
    )


def test_a_permit_expires_only_after_its_last_day() -> None:
    with pytest.raises(TransitionRefused, match="valid until 2025-09-15 inclusive"):
        step(granted(), P.EXPIRED, brussels(2025, 9, 15, 23))
    assert step(granted(), P.EXPIRED, brussels(2025, 9, 16)).state is P.EXPIRED


def test_an_expired_permit_cannot_be_renewed() -> None:
    with pytest.raises(TransitionRefused, match="a new application is needed"):
        step(granted(), P.RENEWED, brussels(2025, 9, 16, 8))


def test_a_permit_can_be_applied_for_before_the_reflection_period_ends() -> None:
    assert P.APPLICATION_PENDING in allowed_permit_transitions(None)
    assert allowed_permit_transitions(P.REFUSED) == ()


def test_only_the_immigration_authority_grants_a_permit() -> None:
    history = step(PermitHistory(), P.APPLICATION_PENDING, brussels(2025, 1, 10))
    with pytest.raises(TransitionRefused, match="caseworker cannot move a permit"):
        permit_transition(
            history,
            P.GRANTED,
            brussels(2025, 2, 1),
            Role.CASEWORKER,
            BELGIUM,
            third_country_national=True,
        )
