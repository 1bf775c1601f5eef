"""Between stored rows and the core's histories: rebuild, append, and what is due.

A case's rows are turned back into :class:`~palermo.referral.CaseHistory` and
:class:`~palermo.referral.PermitHistory` whenever a rule has to be applied or a
deadline shown, so the hub never keeps a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from palermo.referral import (
    Action,
    AgeStatus,
    CaseHistory,
    CaseState,
    CountryConfig,
    Deadline,
    DeadlineStatus,
    Event,
    PermitEvent,
    PermitHistory,
    PermitState,
    Role,
    case_deadlines,
    permit_validity,
    reflection_period_end,
)
from palermo_web.cases.models import Case, CaseEvent
from palermo_web.cases.models import PermitEvent as PermitRow


def instant(at: datetime) -> datetime:
    """``at`` in UTC, to compare instants across daylight-saving changes."""
    return at.astimezone(UTC)


def event_of(row: CaseEvent) -> Event:
    """The core event a stored row holds."""
    return Event(
        action=Action(row.action),
        at=row.at,
        by_role=Role(row.by_role),
        state=CaseState(row.state),
        reason=row.reason or None,
        days=row.days,
        age_status=AgeStatus(row.age_status) if row.age_status else None,
        consent=row.consent,
    )


def history_from(rows: Iterable[CaseEvent]) -> CaseHistory:
    """A history from its rows (in ``seq`` order)."""
    return CaseHistory(tuple(event_of(r) for r in rows))


def history_of(case: Case) -> CaseHistory:
    """The case's workflow history."""
    return history_from(case.events.order_by("seq"))


def permit_history_of(case: Case) -> PermitHistory:
    """The case's history under Directive 2004/81/EC."""
    return PermitHistory(
        tuple(
            PermitEvent(
                state=PermitState(r.state),
                at=r.at,
                by_role=Role(r.by_role),
                reason=r.reason or None,
                months=r.months,
            )
            for r in case.permits.order_by("seq")
        )
    )


def new_rows(
    case: Case, before: CaseHistory, after: CaseHistory, by: Any, organisation: Any
) -> list[CaseEvent]:
    """Rows for the events ``after`` has beyond ``before`` (the core only appends)."""
    start = len(before.events)
    return [
        CaseEvent(
            case=case,
            seq=start + n,
            action=e.action.value,
            at=e.at,
            by_role=e.by_role.value,
            state=e.state.value,
            reason=e.reason or "",
            days=e.days,
            age_status=e.age_status.value if e.age_status else "",
            consent=e.consent,
            by_user=by,
            by_organisation=organisation,
        )
        for n, e in enumerate(after.events[start:])
    ]


def permit_row(case: Case, history: PermitHistory, by: Any) -> PermitRow:
    """A row for the newest event of ``history``."""
    event = history.events[-1]
    return PermitRow(
        case=case,
        seq=len(history.events) - 1,
        state=event.state.value,
        at=event.at,
        by_role=event.by_role.value,
        reason=event.reason or "",
        months=event.months,
        by_user=by,
    )


@dataclass(frozen=True)
class ShownDeadline:
    """A deadline as a caseworker sees it at one moment."""

    deadline: Deadline
    status: DeadlineStatus

    @property
    def label_en(self) -> str:
        return self.deadline.label("en")

    @property
    def label_fr(self) -> str:
        return self.deadline.label("fr")

    @property
    def is_alert(self) -> bool:
        return self.status in (DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE)

    def to_dict(self) -> dict[str, Any]:
        return {**self.deadline.to_dict(), "status": self.status.value}


def all_deadlines(
    history: CaseHistory, permits: PermitHistory, config: CountryConfig
) -> list[Deadline]:
    """The case's deadlines, then its permit's (reflection period, expiry)."""
    found = list(case_deadlines(history, config))
    for extra in (
        reflection_period_end(permits, config),
        permit_validity(permits, config),
    ):
        if extra is not None:
            found.append(extra)
    return found


def shown_deadlines(
    history: CaseHistory,
    permits: PermitHistory,
    config: CountryConfig,
    now: datetime,
) -> list[ShownDeadline]:
    """Every deadline with where it stands at ``now``, open ones first by due time."""
    shown = [
        ShownDeadline(d, d.status(now)) for d in all_deadlines(history, permits, config)
    ]
    return sorted(
        shown, key=lambda s: (s.deadline.closed_at is not None, instant(s.deadline.due))
    )


def next_open(
    history: CaseHistory, permits: PermitHistory, config: CountryConfig
) -> Deadline | None:
    """The open deadline due first, if any (stored on the case for its list)."""
    if history.state is CaseState.EXIT:
        return None
    open_ones = [
        d for d in all_deadlines(history, permits, config) if d.closed_at is None
    ]
    return min(open_ones, key=lambda d: instant(d.due), default=None)
