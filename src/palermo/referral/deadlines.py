"""Deadlines of a referral case, computed from the country's configuration.

Three ways of counting, all on the country's local calendar and time zone:

- working days (the first decision within 5 working days): the day of the event is not
  counted; the deadline is the end of the n-th working day after it, skipping weekend
  days, public holidays (the ``holidays`` package) and configured closures;
- calendar days (the recovery and reflection period of at least 30 days): the day of
  the event is not counted; the period ends at the end of the n-th day after it;
- months (a residence permit of six months): it ends at the end of the same day of the
  month n months later, or of the month's last day if that month is shorter.

"The end of a day" is the first instant of the next local day, so a deadline is an
aware datetime that no daylight-saving change can shift. An alert is raised from the
start of the day when the configured number of days or fewer remain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from palermo.referral._calendar import (
    add_months,
    instant,
    local_date,
    require_aware,
    start_of_day,
    working_calendar,
)
from palermo.referral.config import CountryConfig
from palermo.referral.history import CaseHistory
from palermo.referral.states import DECISION_STATES, Action, CaseState, parse


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class DeadlineKind(StrEnum):
    """The time limits the mechanism keeps."""

    FIRST_DECISION = "first_decision"
    RECOVERY_PERIOD_END = "recovery_period_end"
    RECOVERY_PERIOD_REVIEW = "recovery_period_review"
    CONCLUSIVE_DECISION = "conclusive_decision"
    REFLECTION_PERIOD_END = "reflection_period_end"
    PERMIT_EXPIRY = "permit_expiry"


DEADLINE_LABELS = {
    DeadlineKind.FIRST_DECISION: (
        "First (reasonable-grounds) decision",
        "Première décision (motifs raisonnables)",
    ),
    DeadlineKind.RECOVERY_PERIOD_END: (
        "End of the recovery and reflection period",
        "Fin du délai de rétablissement et de réflexion",
    ),
    DeadlineKind.RECOVERY_PERIOD_REVIEW: (
        "Review of the recovery period",
        "Réexamen du délai de rétablissement",
    ),
    DeadlineKind.CONCLUSIVE_DECISION: ("Conclusive decision", "Décision définitive"),
    DeadlineKind.REFLECTION_PERIOD_END: (
        "End of the reflection period (Directive 2004/81/EC)",
        "Fin du délai de réflexion (directive 2004/81/CE)",
    ),
    DeadlineKind.PERMIT_EXPIRY: (
        "Residence permit expires",
        "Expiration du titre de séjour",
    ),
}


class DeadlineStatus(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due_soon"  # the alert is on
    OVERDUE = "overdue"
    MET = "met"  # closed before the deadline
    MISSED = "missed"  # closed, but at or after the deadline


@dataclass(frozen=True)
class Deadline:
    """One time limit.

    Attributes:
        kind: what is due.
        starts_at: the event it counts from.
        due: the end of the last day: act strictly before this instant.
        last_day: the last local day on which it is still in time.
        alert_at: from when to warn the caseworker.
        amount, unit: how it was counted (5 working days, 30 calendar days...).
        closed_at: when the awaited event happened (or the period was left), if it has.
    """

    kind: DeadlineKind
    starts_at: datetime
    due: datetime
    last_day: date
    alert_at: datetime
    amount: int
    unit: Unit
    closed_at: datetime | None = None

    def status(self, now: datetime) -> DeadlineStatus:
        """Where the deadline stands at ``now``."""
        due = instant(self.due)
        if self.closed_at is not None:
            in_time = instant(self.closed_at) < due
            return DeadlineStatus.MET if in_time else DeadlineStatus.MISSED
        if instant(now) >= due:
            return DeadlineStatus.OVERDUE
        if instant(now) >= instant(self.alert_at):
            return DeadlineStatus.DUE_SOON
        return DeadlineStatus.RUNNING

    def label(self, lang: str = "en") -> str:
        """What is due, in ``lang``."""
        return DEADLINE_LABELS[self.kind][1 if lang == "fr" else 0]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind.value,
            "starts_at": self.starts_at.isoformat(),
            "due": self.due.isoformat(),
            "last_day": self.last_day.isoformat(),
            "alert_at": self.alert_at.isoformat(),
            "amount": self.amount,
            "unit": self.unit.value,
            "closed_at": None if self.closed_at is None else self.closed_at.isoformat(),
        }


def _rule(kind: DeadlineKind, config: CountryConfig) -> tuple[int | None, Unit]:
    return {
        DeadlineKind.FIRST_DECISION: (
            config.first_decision_working_days,
            Unit.WORKING_DAYS,
        ),
        DeadlineKind.RECOVERY_PERIOD_END: (
            config.recovery_period_days,
            Unit.CALENDAR_DAYS,
        ),
        DeadlineKind.RECOVERY_PERIOD_REVIEW: (
            config.recovery_review_day,
            Unit.CALENDAR_DAYS,
        ),
        DeadlineKind.CONCLUSIVE_DECISION: (
            config.conclusive_decision_days,
            Unit.CALENDAR_DAYS,
        ),
        DeadlineKind.REFLECTION_PERIOD_END: (
            config.reflection_period_days,
            Unit.CALENDAR_DAYS,
        ),
        DeadlineKind.PERMIT_EXPIRY: (config.permit_months, Unit.MONTHS),
    }[kind]


def count_deadline(
    kind: DeadlineKind, at: datetime, amount: int, unit: Unit, config: CountryConfig
) -> Deadline:
    """A deadline of ``amount`` ``unit`` after ``at``, on the country's calendar."""
    require_aware(at, "at")
    days = working_calendar(config)
    zone = config.zone
    start = local_date(at, zone)
    if unit is Unit.WORKING_DAYS:
        last = days.add_working_days(start, amount)
        alert_day = days.subtract_working_days(
            last, max(config.alert_working_days - 1, 0)
        )
    else:
        last = (
            start + timedelta(days=amount)
            if unit is Unit.CALENDAR_DAYS
            else add_months(start, amount)
        )
        if config.roll_to_working_day:
            last = days.next_working_day(last)
        alert_day = last - timedelta(days=max(config.alert_days - 1, 0))
    due = start_of_day(last + timedelta(days=1), zone)
    # Never before the event itself, never after the deadline.
    alert_at = max(start_of_day(alert_day, zone), at.astimezone(zone), key=instant)
    alert_at = min(alert_at, due, key=instant)
    return Deadline(kind, at.astimezone(zone), due, last, alert_at, amount, unit)


def deadline_for(
    kind: DeadlineKind | str,
    at: datetime,
    config: CountryConfig,
    *,
    extra_days: int = 0,
    months: int | None = None,
) -> Deadline | None:
    """The deadline of ``kind`` counted from the event at ``at``.

    Args:
        kind: e.g. ``first_decision`` (from the referral), ``recovery_period_end``
            (from the start of the period).
        at: when the event happened (aware datetime).
        config: the country's configuration.
        extra_days: calendar days added by extensions (recovery period).
        months: a permit's validity when longer than the configured minimum.

    Returns:
        The deadline, or None where the country sets no such limit (e.g. no review
        day).
    """
    kind = parse(DeadlineKind, kind)
    amount, unit = _rule(kind, config)
    if kind is DeadlineKind.PERMIT_EXPIRY and months is not None:
        amount = months
    if amount is None:
        return None
    return count_deadline(kind, at, amount + extra_days, unit, config)


def case_deadlines(history: CaseHistory, config: CountryConfig) -> tuple[Deadline, ...]:
    """Every deadline a case has had so far, each closed if the awaited event came.

    The first decision counts from the first referral; the recovery period (with its
    extensions) and its review from the last start of the period; the conclusive
    decision from the last positive reasonable-grounds decision.
    """
    found: list[Deadline] = []
    referred = history.entered(CaseState.REFERRED, first=True)
    if referred is not None:
        found += _closed(
            deadline_for(DeadlineKind.FIRST_DECISION, referred, config),
            history,
            DECISION_STATES["first"] | {CaseState.EXIT},
        )
    recovery = history.entered(CaseState.RECOVERY_PERIOD)
    if recovery is not None:
        extra = sum(e.days or 0 for e in history.extensions_since(recovery))
        leaving = frozenset({CaseState.CONCLUSIVE_DECISION_PENDING, CaseState.EXIT})
        found += _closed(
            deadline_for(
                DeadlineKind.RECOVERY_PERIOD_END, recovery, config, extra_days=extra
            ),
            history,
            leaving,
        )
        found += _closed(
            deadline_for(DeadlineKind.RECOVERY_PERIOD_REVIEW, recovery, config),
            history,
            leaving,
        )
    positive = history.entered(CaseState.REASONABLE_GROUNDS_POSITIVE)
    if positive is not None:
        found += _closed(
            deadline_for(DeadlineKind.CONCLUSIVE_DECISION, positive, config),
            history,
            DECISION_STATES["conclusive"] | {CaseState.EXIT},
        )
    return tuple(found)


def _closed(
    deadline: Deadline | None, history: CaseHistory, closing: frozenset[CaseState]
) -> list[Deadline]:
    if deadline is None:
        return []
    for event in history.events:
        if (
            event.action is Action.TRANSITION
            and instant(event.at) >= instant(deadline.starts_at)
            and event.state in closing
        ):
            return [replace(deadline, closed_at=event.at)]
    return [deadline]


def alerts(
    history: CaseHistory, config: CountryConfig, now: datetime
) -> tuple[Deadline, ...]:
    """The open deadlines of a case that are due soon or overdue at ``now``."""
    return tuple(
        d
        for d in case_deadlines(history, config)
        if d.status(now) in (DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE)
    )
