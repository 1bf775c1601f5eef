"""Evaluation figures from case histories: decision times, targets, guardians."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from palermo.errors import InputError
from palermo.referral import (
    AgeStatus,
    CaseHistory,
    CaseState,
    Role,
    decision_times,
    guardian_days,
    minimum_config,
    open_case,
    record_guardian,
    transition,
)

PARIS = ZoneInfo("Europe/Paris")
FRANCE = minimum_config("FR", "Europe/Paris")
FR, CA = Role.FIRST_RESPONDER, Role.COMPETENT_AUTHORITY


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def referred(when: datetime, age: AgeStatus = AgeStatus.ADULT) -> CaseHistory:
    case = open_case(when, FR, age, consent=True)
    return transition(case, CaseState.REFERRED, when, FR)


def decided(when: datetime, decided_at: datetime, positive: bool = True) -> CaseHistory:
    case = transition(referred(when), CaseState.FIRST_DECISION_PENDING, when, CA)
    if positive:
        return transition(case, CaseState.REASONABLE_GROUNDS_POSITIVE, decided_at, CA)
    return transition(
        case, CaseState.REASONABLE_GROUNDS_NEGATIVE, decided_at, CA, "no indicators"
    )


# Referrals on Monday 16 June 2025: due by the end of Monday 23 June (5 working days).
CASES = [
    decided(paris(2025, 6, 16, 10), paris(2025, 6, 18, 15)),  # 2 days, 2 working days
    decided(paris(2025, 6, 16, 10), paris(2025, 6, 20, 15), positive=False),  # 4 and 4
    decided(paris(2025, 6, 16, 10), paris(2025, 6, 25, 9)),  # 9 and 7: late
    referred(paris(2025, 6, 16, 10)),  # still waiting
    open_case(paris(2025, 6, 16, 9), FR, AgeStatus.ADULT),  # never referred
]


def test_it_gives_the_median_days_from_referral_to_the_first_decision() -> None:
    times = decision_times(CASES, FRANCE)
    assert (times.referred, times.decided, times.pending) == (4, 3, 1)
    assert times.median_days == 4.0
    assert times.median_working_days == 4.0


def test_it_gives_the_share_of_first_decisions_within_five_working_days() -> None:
    times = decision_times(CASES, FRANCE)
    assert times.within_target == 2
    assert times.share_within_target == pytest.approx(2 / 3)
    assert times.target == "5 working days after referral"


def test_it_counts_pending_cases_past_their_target_only_when_told_the_date() -> None:
    assert decision_times(CASES, FRANCE).pending_overdue is None
    assert (
        decision_times(CASES, FRANCE, now=paris(2025, 6, 23, 23)).pending_overdue == 0
    )
    assert decision_times(CASES, FRANCE, now=paris(2025, 6, 24, 0)).pending_overdue == 1


def test_without_a_conclusive_target_there_is_no_share_within_target() -> None:
    times = decision_times(CASES, FRANCE, decision="conclusive")
    assert times.decided == 0
    assert times.median_days is None
    assert times.share_within_target is None
    assert times.to_dict()["decision"] == "conclusive"


def test_it_rejects_an_unknown_decision() -> None:
    with pytest.raises(InputError, match="expected first or conclusive"):
        decision_times(CASES, FRANCE, decision="final")  # type: ignore[arg-type]


def test_it_gives_the_days_each_child_waited_for_a_guardian() -> None:
    child = referred(paris(2025, 6, 16, 23), AgeStatus.CHILD)
    with_guardian = record_guardian(child, paris(2025, 6, 19, 1), Role.CASEWORKER)
    assert guardian_days([with_guardian, child, CASES[0]], FRANCE) == [3]
