"""A referral case as an append-only history of events, and the rules applied to it.

A case is an append-only history of :class:`Event` (each with the state after it), so
the hub can store one row per event and rebuild the case from them. Functions never mutate: they return a new history or
raise :class:`TransitionRefused` saying why.

The child's path is part of the rules: a person under 18, or whose age is uncertain
pending an age assessment, is treated as a child (Council of Europe Convention Art.
10(3); Directive 2011/36/EU Art. 13(2)); a child is referred without needing consent
and may not leave the mechanism unreferred; decision letters go to the child's guardian
or representative, never to the child.

Reasons are free text for caseworkers: they must not hold names or other identity data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from palermo.referral._calendar import instant, require_aware
from palermo.referral.config import CountryConfig
from palermo.referral.states import (
    FINAL_STATES,
    Action,
    AgeStatus,
    CaseState,
    Role,
    TransitionRefused,
    allowed_transitions,
    find_transition,
    parse,
)


@dataclass(frozen=True)
class Event:
    """One entry of a case history; ``state`` is the state after it."""

    action: Action
    at: datetime
    by_role: Role
    state: CaseState
    reason: str | None = None
    days: int | None = None  # EXTEND: length of the extension
    age_status: AgeStatus | None = None  # OPEN, AGE
    consent: bool | None = None  # OPEN, CONSENT


@dataclass(frozen=True)
class CaseHistory:
    """A case as the append-only list of its events; the newest last."""

    events: tuple[Event, ...]

    @property
    def state(self) -> CaseState:
        """The current state."""
        return self.events[-1].state

    @property
    def age_status(self) -> AgeStatus:
        """What is known of the person's age now (the latest record)."""
        return next(e.age_status for e in reversed(self.events) if e.age_status)

    @property
    def is_treated_as_child(self) -> bool:
        """Under 18, or presumed so while the age is uncertain."""
        return self.age_status is not AgeStatus.ADULT

    @property
    def consent(self) -> bool | None:
        """The person's latest answer on consent to referral, None if never asked."""
        return next(
            (e.consent for e in reversed(self.events) if e.consent is not None), None
        )

    @property
    def has_guardian(self) -> bool:
        """Whether a guardian or representative has been appointed."""
        return any(e.action is Action.GUARDIAN for e in self.events)

    @property
    def has_best_interests_assessment(self) -> bool:
        """Whether a best-interests assessment of the child has been recorded."""
        return any(e.action is Action.BEST_INTERESTS for e in self.events)

    def entered(
        self, states: CaseState | Iterable[CaseState], *, first: bool = False
    ) -> datetime | None:
        """When the case last (or ``first``) entered one of ``states``, or None."""
        wanted = {states} if isinstance(states, CaseState) else set(states)
        hits = [
            e.at
            for e in self.events
            if e.state in wanted and e.action in (Action.OPEN, Action.TRANSITION)
        ]
        if not hits:
            return None
        return hits[0] if first else hits[-1]

    def extensions_since(self, since: datetime) -> tuple[Event, ...]:
        """Extensions of the recovery period recorded at or after ``since``."""
        return tuple(
            e
            for e in self.events
            if e.action is Action.EXTEND and instant(e.at) >= instant(since)
        )


def open_case(
    at: datetime,
    by_role: Role,
    age_status: AgeStatus,
    consent: bool | None = None,
) -> CaseHistory:
    """A new case in state detected.

    Args:
        at: when the person was detected (aware datetime).
        by_role: who registers the case (a first responder or caseworker).
        age_status: adult, child, or uncertain (then treated as a child).
        consent: the adult's consent to referral if already asked; ignored for a
            child's referral, which needs none.
    """
    require_aware(at, "open_case at")
    if by_role not in (Role.FIRST_RESPONDER, Role.CASEWORKER):
        raise TransitionRefused(f"a {by_role.value} cannot register a case")
    event = Event(
        Action.OPEN,
        at,
        by_role,
        CaseState.DETECTED,
        age_status=age_status,
        consent=consent,
    )
    return CaseHistory((event,))


def refusal_reasons(
    history: CaseHistory,
    to: CaseState,
    at: datetime,
    by_role: Role,
    reason: str | None = None,
) -> list[str]:
    """Every reason why ``history`` may not move to ``to`` now; empty if it may.

    The hub can show these next to a disabled button.
    """
    problems = _timing(history, at)
    current = history.state
    entry = find_transition(current, to)
    if entry is None:
        allowed = ", ".join(s.value for s in allowed_transitions(current)) or "none"
        return [
            *problems,
            f"a case cannot go from {current.value} to {to.value} (allowed: {allowed})",
        ]
    if by_role not in entry.roles:
        problems.append(
            f"a {by_role.value} cannot move a case from {current.value} to {to.value} "
            f"(only {', '.join(sorted(r.value for r in entry.roles))})"
        )
    if entry.needs_reason and not (reason and reason.strip()):
        problems.append(f"moving to {to.value} needs a reason")
    if current is CaseState.DETECTED:
        problems.extend(_child_and_consent(history, to))
    return problems


def _timing(history: CaseHistory, at: datetime) -> list[str]:
    if at.tzinfo is None or at.utcoffset() is None:
        return [f"time {at.isoformat()} has no time zone; give an aware datetime"]
    last = history.events[-1].at
    if instant(at) < instant(last):
        return [
            f"{at.isoformat()} is before the case's last event ({last.isoformat()})"
        ]
    return []


def _child_and_consent(history: CaseHistory, to: CaseState) -> list[str]:
    if history.is_treated_as_child:
        if to is CaseState.EXIT:
            return [
                "a person under 18, or presumed to be while their age is uncertain, "
                "must be referred; no consent is needed"
            ]
        return []
    if to is CaseState.REFERRED and history.consent is not True:
        return [
            "an adult is referred only with their consent; record it first "
            "(without consent, exit the case with the reason)"
        ]
    return []


def transition(
    history: CaseHistory,
    to: CaseState | str,
    at: datetime,
    by_role: Role | str,
    reason: str | None = None,
) -> CaseHistory:
    """The history with the case moved to ``to``.

    Raises:
        TransitionRefused: the move is not allowed from the current state, not for
            this role, needs a reason, breaks a child or consent rule, or is dated
            before the last event; ``issues`` lists every reason.
    """
    target, role = parse(CaseState, to), parse(Role, by_role)
    problems = refusal_reasons(history, target, at, role, reason)
    _refuse_if(problems)
    event = Event(Action.TRANSITION, at, role, target, reason=reason)
    return replace(history, events=(*history.events, event))


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise TransitionRefused(
            "; ".join(problems),
            issues=[{"code": "transition_refused", "message": p} for p in problems],
        )


def _record(history: CaseHistory, event: Event) -> CaseHistory:
    _refuse_if(_timing(history, event.at))
    if history.state in FINAL_STATES:
        _refuse_if(["the case is closed (exit)"])
    return replace(history, events=(*history.events, event))


def record_consent(
    history: CaseHistory, consent: bool, at: datetime, by_role: Role
) -> CaseHistory:
    """Record that the person gave (True) or withdrew or refused (False) consent."""
    return _record(
        history, Event(Action.CONSENT, at, by_role, history.state, consent=consent)
    )


def record_age(
    history: CaseHistory,
    age_status: AgeStatus,
    at: datetime,
    by_role: Role,
    reason: str | None = None,
) -> CaseHistory:
    """Record an age assessment (or new information on age).

    Raises:
        TransitionRefused: not a competent authority or caseworker.
    """
    if by_role not in (Role.COMPETENT_AUTHORITY, Role.CASEWORKER):
        _refuse_if([f"a {by_role.value} cannot record an age assessment"])
    event = Event(
        Action.AGE, at, by_role, history.state, reason=reason, age_status=age_status
    )
    return _record(history, event)


def record_guardian(history: CaseHistory, at: datetime, by_role: Role) -> CaseHistory:
    """Record that a guardian or representative was appointed for the child
    (Directive 2011/36/EU Art. 14(2): from the moment the child is identified)."""
    if not history.is_treated_as_child:
        _refuse_if(["a guardian is appointed for a child, and this person is an adult"])
    if by_role not in (Role.COMPETENT_AUTHORITY, Role.CASEWORKER):
        _refuse_if([f"a {by_role.value} cannot record a guardian appointment"])
    return _record(history, Event(Action.GUARDIAN, at, by_role, history.state))


def record_best_interests(
    history: CaseHistory,
    at: datetime,
    by_role: Role,
    reason: str | None = None,
) -> CaseHistory:
    """Record a best-interests assessment of the child (Directive 2011/36/EU Art.
    13(1) and 14(1): the individual assessment behind a durable solution).

    ``reason`` is a short, non-identifying note (the assessment itself is kept where
    the child-protection service keeps it).

    Raises:
        TransitionRefused: the person is treated as an adult, or the role is not a
            competent authority or caseworker.
    """
    if not history.is_treated_as_child:
        _refuse_if(
            [
                "a best-interests assessment is made for a child, and this "
                "person is an adult"
            ]
        )
    if by_role not in (Role.COMPETENT_AUTHORITY, Role.CASEWORKER):
        _refuse_if([f"a {by_role.value} cannot record a best-interests assessment"])
    event = Event(Action.BEST_INTERESTS, at, by_role, history.state, reason=reason)
    return _record(history, event)


def extend_recovery_period(
    history: CaseHistory,
    days: int,
    at: datetime,
    by_role: Role,
    config: CountryConfig,
    reason: str | None = None,
) -> CaseHistory:
    """Extend the running recovery and reflection period by ``days`` calendar days.

    Raises:
        TransitionRefused: no recovery period is running, no reason, or the country's
            limits on extensions would be passed.
    """
    problems = []
    if history.state is not CaseState.RECOVERY_PERIOD:
        problems.append(
            f"no recovery period is running (the case is {history.state.value})"
        )
    if by_role not in (Role.COMPETENT_AUTHORITY, Role.CASEWORKER):
        problems.append(f"a {by_role.value} cannot extend the recovery period")
    if days < 1:
        problems.append("an extension is at least one day")
    if not (reason and reason.strip()):
        problems.append("an extension needs a reason")
    if (
        config.recovery_extension_max_days is not None
        and days > config.recovery_extension_max_days
    ):
        problems.append(
            f"an extension is at most {config.recovery_extension_max_days} days in {config.country}"
        )
    started = history.entered(CaseState.RECOVERY_PERIOD)
    if started is not None and config.recovery_max_extensions is not None:
        done = len(history.extensions_since(started))
        if done >= config.recovery_max_extensions:
            problems.append(
                f"the recovery period may be extended {config.recovery_max_extensions} "
                f"time(s) in {config.country}, and has been"
            )
    _refuse_if(problems)
    event = Event(Action.EXTEND, at, by_role, history.state, reason=reason, days=days)
    return _record(history, event)


def decision_letter_addressee(history: CaseHistory) -> str:
    """Who a decision letter is served on: ``"person"`` for an adult,
    ``"guardian_or_representative"`` for a child or a person presumed to be one - a
    decision letter is never served on a child."""
    return "guardian_or_representative" if history.is_treated_as_child else "person"
