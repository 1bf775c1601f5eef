"""Residence of third-country victims under Council Directive 2004/81/EC.

A reflection period (Art. 6) lets the person recover and decide whether to cooperate;
its length is set by national law (``reflection_period_days``). A residence permit
(Art. 8) may follow, valid for at least six months and renewable while its conditions
hold; it can be withdrawn (Art. 14). The Directive covers third-country nationals only,
and does not bind Denmark, Ireland or the United Kingdom.

Assistance under Directive 2011/36/EU Art. 11(3) does not depend on any of this: the
permit history runs beside the case, never gates it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from palermo.referral._calendar import instant, require_aware, start_of_day
from palermo.referral.config import CountryConfig
from palermo.referral.deadlines import Deadline, DeadlineKind, deadline_for
from palermo.referral.states import Role, TransitionRefused, parse


class PermitState(StrEnum):
    """Where a person stands under Directive 2004/81/EC."""

    REFLECTION_PERIOD = "reflection_period"
    REFLECTION_ENDED = "reflection_ended"  # ended without an application, or terminated
    APPLICATION_PENDING = "application_pending"
    GRANTED = "granted"
    RENEWED = "renewed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


P = PermitState
_IA, _CA = Role.IMMIGRATION_AUTHORITY, Role.COMPETENT_AUTHORITY

# (source, target): (roles, needs a reason). None as source: the first event.
PERMIT_TRANSITIONS: dict[
    tuple[PermitState | None, PermitState], tuple[frozenset[Role], bool]
] = {
    (None, P.REFLECTION_PERIOD): (frozenset({_IA, _CA}), False),
    (None, P.APPLICATION_PENDING): (frozenset({_IA}), False),  # Art. 8: or earlier
    (P.REFLECTION_PERIOD, P.APPLICATION_PENDING): (frozenset({_IA}), False),
    (P.REFLECTION_PERIOD, P.REFLECTION_ENDED): (frozenset({_IA, _CA}), True),
    (P.APPLICATION_PENDING, P.GRANTED): (frozenset({_IA}), False),
    (P.APPLICATION_PENDING, P.REFUSED): (frozenset({_IA}), True),
    (P.GRANTED, P.RENEWED): (frozenset({_IA}), False),
    (P.GRANTED, P.WITHDRAWN): (frozenset({_IA}), True),
    (P.GRANTED, P.EXPIRED): (frozenset({_IA}), False),
    (P.RENEWED, P.RENEWED): (frozenset({_IA}), False),
    (P.RENEWED, P.WITHDRAWN): (frozenset({_IA}), True),
    (P.RENEWED, P.EXPIRED): (frozenset({_IA}), False),
}
VALID_PERMIT_STATES = frozenset({P.GRANTED, P.RENEWED})


@dataclass(frozen=True)
class PermitEvent:
    """One entry of a permit history; ``state`` is the state after it."""

    state: PermitState
    at: datetime
    by_role: Role
    reason: str | None = None
    months: int | None = None  # GRANTED, RENEWED: validity


@dataclass(frozen=True)
class PermitHistory:
    """A person's path under Directive 2004/81/EC; empty until it starts."""

    events: tuple[PermitEvent, ...] = ()

    @property
    def state(self) -> PermitState | None:
        """The current state, None before anything happened."""
        return self.events[-1].state if self.events else None


def allowed_permit_transitions(state: PermitState | None) -> tuple[PermitState, ...]:
    """The permit states reachable from ``state`` (None: from the start)."""
    return tuple(target for source, target in PERMIT_TRANSITIONS if source == state)


def permit_validity(history: PermitHistory, config: CountryConfig) -> Deadline | None:
    """Until when the current permit is valid, None if no permit is valid.

    A permit runs from the day it is granted; a renewal runs on from the last day of
    the permit it renews, so renewing early never shortens the stay.
    """
    if history.state not in VALID_PERMIT_STATES:
        return None
    validity: Deadline | None = None
    for event in history.events:
        if event.state is PermitState.GRANTED:
            start = event.at
        elif event.state is PermitState.RENEWED and validity is not None:
            start = start_of_day(validity.last_day, config.zone)
        else:
            continue
        validity = deadline_for(
            DeadlineKind.PERMIT_EXPIRY, start, config, months=event.months
        )
    return validity


def reflection_period_end(
    history: PermitHistory, config: CountryConfig
) -> Deadline | None:
    """When the running reflection period ends, None if none runs or none is set."""
    if history.state is not PermitState.REFLECTION_PERIOD:
        return None
    return deadline_for(
        DeadlineKind.REFLECTION_PERIOD_END, history.events[-1].at, config
    )


def permit_transition(
    history: PermitHistory,
    to: PermitState | str,
    at: datetime,
    by_role: Role | str,
    config: CountryConfig,
    *,
    third_country_national: bool,
    months: int | None = None,
    reason: str | None = None,
) -> PermitHistory:
    """The permit history moved to ``to``.

    Args:
        third_country_national: the person is not a citizen of an EU Member State (the
            Directive covers no one else).
        months: validity of a permit being granted or renewed; the configured
            minimum (at least six months) when None.

    Raises:
        TransitionRefused: with every reason (Directive not applicable, person not
            covered, move not allowed, validity too short, expired permit...).
    """
    target, role = parse(PermitState, to), parse(Role, by_role)
    require_aware(at, "at")
    problems: list[str] = []
    if not config.directive_2004_81_applies:
        problems.append(
            f"Directive 2004/81/EC does not apply in {config.country}; national law "
            "governs residence"
        )
    if not third_country_national:
        problems.append(
            "Directive 2004/81/EC covers third-country nationals only; an EU citizen "
            "has the right to move and reside freely"
        )
    rule = PERMIT_TRANSITIONS.get((history.state, target))
    if rule is None:
        current = "the start" if history.state is None else history.state.value
        allowed = (
            ", ".join(s.value for s in allowed_permit_transitions(history.state))
            or "none"
        )
        problems.append(
            f"a permit cannot go from {current} to {target.value} (allowed: {allowed})"
        )
    else:
        roles, needs_reason = rule
        if role not in roles:
            problems.append(f"a {role.value} cannot move a permit to {target.value}")
        if needs_reason and not (reason and reason.strip()):
            problems.append(f"moving to {target.value} needs a reason")
    if history.events and instant(at) < instant(history.events[-1].at):
        problems.append("the event is dated before the permit's last event")
    validity = months if months is not None else config.permit_months
    if target in VALID_PERMIT_STATES and validity < config.permit_months:
        problems.append(
            f"a permit is valid for at least {config.permit_months} months "
            "(Directive 2004/81/EC Art. 8(2) and national law)"
        )
    problems += _expiry_problems(history, target, at, config)
    if problems:
        raise TransitionRefused(
            "; ".join(problems),
            issues=[{"code": "permit_refused", "message": p} for p in problems],
        )
    event = PermitEvent(
        target,
        at,
        role,
        reason=reason,
        months=validity if target in VALID_PERMIT_STATES else None,
    )
    return replace(history, events=(*history.events, event))


def _expiry_problems(
    history: PermitHistory, target: PermitState, at: datetime, config: CountryConfig
) -> list[str]:
    validity = permit_validity(history, config)
    if validity is None:
        return []
    if target is PermitState.EXPIRED and instant(at) < instant(validity.due):
        return [f"the permit is valid until {validity.last_day.isoformat()} inclusive"]
    if target is PermitState.RENEWED and instant(at) >= instant(validity.due):
        return [
            f"the permit expired at the end of {validity.last_day.isoformat()}; "
            "a new application is needed"
        ]
    return []
