"""Figures an evaluation of the referral mechanism needs, from case histories.

How long decisions take (median days from referral to the first or the conclusive
decision, in calendar and in working days), how many are made within the country's
target, how many wait past it, and how long children wait for a guardian. Only
states and dates are read: no personal data goes in or comes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from statistics import median
from typing import Any, Literal

from palermo.errors import InputError
from palermo.referral._calendar import (
    instant,
    local_date,
    require_aware,
    working_calendar,
)
from palermo.referral.config import CountryConfig
from palermo.referral.deadlines import DeadlineKind, deadline_for
from palermo.referral.history import CaseHistory
from palermo.referral.states import DECISION_STATES, Action, CaseState

Decision = Literal["first", "conclusive"]


@dataclass(frozen=True)
class DecisionTimes:
    """How long one kind of decision takes across cases.

    Attributes:
        decision: ``first`` (reasonable grounds) or ``conclusive``.
        referred: cases referred.
        decided: of those, cases with the decision made.
        pending: referred, not decided, still open.
        pending_overdue: pending past the target at ``now`` (None without a target).
        median_days: median calendar days from referral to decision (local dates).
        median_working_days: the same in working days.
        within_target: decisions made in time (None without a target).
        share_within_target: within_target / decided (None without a target or
            decision).
        target: the target as configured, e.g. "5 working days".
    """

    decision: str
    referred: int
    decided: int
    pending: int
    pending_overdue: int | None
    median_days: float | None
    median_working_days: float | None
    within_target: int | None
    share_within_target: float | None
    target: str | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _target(decision: Decision, config: CountryConfig) -> str | None:
    if decision == "first":
        return f"{config.first_decision_working_days} working days after referral"
    if config.conclusive_decision_days is None:
        return None
    return (
        f"{config.conclusive_decision_days} days after a positive "
        "reasonable-grounds decision"
    )


def _due(
    decision: Decision, history: CaseHistory, referred: datetime, config: CountryConfig
) -> datetime | None:
    if decision == "first":
        deadline = deadline_for(DeadlineKind.FIRST_DECISION, referred, config)
    else:
        positive = history.entered(CaseState.REASONABLE_GROUNDS_POSITIVE, first=True)
        if positive is None:
            return None
        deadline = deadline_for(DeadlineKind.CONCLUSIVE_DECISION, positive, config)
    return None if deadline is None else deadline.due


def decision_times(
    histories: Iterable[CaseHistory],
    config: CountryConfig,
    decision: Decision = "first",
    now: datetime | None = None,
) -> DecisionTimes:
    """Time from referral to decision across ``histories``.

    Args:
        histories: case histories; those never referred are left out.
        config: the country's calendar and targets.
        decision: ``first`` (reasonable grounds) or ``conclusive``.
        now: for counting pending cases past their target; without it they are not
            counted (``pending_overdue`` is None).
    """
    if decision not in DECISION_STATES:
        raise InputError(f"decision {decision!r}; expected first or conclusive")
    if now is not None:
        require_aware(now, "now")
    calendar = working_calendar(config)
    zone = config.zone
    decided_states = DECISION_STATES[decision]
    days: list[int] = []
    working: list[int] = []
    referred_count = pending = overdue = in_time = 0
    has_target = _target(decision, config) is not None
    for history in histories:
        referred = history.entered(CaseState.REFERRED, first=True)
        if referred is None:
            continue
        referred_count += 1
        decided = history.entered(decided_states, first=True)
        due = _due(decision, history, referred, config)
        if decided is None:
            if history.state is not CaseState.EXIT:
                pending += 1
                overdue += (
                    now is not None and due is not None and instant(now) >= instant(due)
                )
            continue
        start, end = local_date(referred, zone), local_date(decided, zone)
        days.append((end - start).days)
        working.append(calendar.working_days_between(start, end))
        in_time += due is not None and instant(decided) < instant(due)
    decided_count = len(days)
    return DecisionTimes(
        decision=decision,
        referred=referred_count,
        decided=decided_count,
        pending=pending,
        pending_overdue=overdue if has_target and now is not None else None,
        median_days=float(median(days)) if days else None,
        median_working_days=float(median(working)) if working else None,
        within_target=in_time if has_target else None,
        share_within_target=(in_time / decided_count)
        if has_target and decided_count
        else None,
        target=_target(decision, config),
    )


def guardian_days(histories: Iterable[CaseHistory], config: CountryConfig) -> list[int]:
    """Calendar days from the opening of a child's case to a guardian's appointment,
    one figure per child case with a guardian (Directive 2011/36/EU Art. 14(2) asks
    for one from the moment the child is identified)."""
    zone = config.zone
    figures = []
    for history in histories:
        appointed = next(
            (e.at for e in history.events if e.action is Action.GUARDIAN), None
        )
        if appointed is None:
            continue
        opened = history.events[0].at
        figures.append((local_date(appointed, zone) - local_date(opened, zone)).days)
    return figures
