"""Changing a case: every write goes through here, applies the core's rules, stores
the new events and writes the audit event.

Each function locks the case row, rebuilds the history from its rows, asks
:mod:`palermo.referral` for the new history (which refuses with every reason when a
move is not allowed), appends the new rows and rewrites the case's denormalised columns.
Audit events name the case and what changed, never a reason's text or an identity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.errors import InputError
from palermo.referral import (
    AgeStatus,
    CaseHistory,
    CaseState,
    PermitHistory,
    PermitState,
    Role,
    TransitionRefused,
    extend_recovery_period,
    find_transition,
    permit_transition,
    record_age,
    record_best_interests,
    record_consent,
    record_guardian,
    refusal_reasons,
    transition,
)
from palermo_web.accounts.access import organisation_of
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases.access import acting_roles
from palermo_web.cases.history import (
    history_of,
    new_rows,
    next_open,
    permit_history_of,
    permit_row,
)
from palermo_web.cases.models import Case, CaseEvent
from palermo_web.cases.nrm import (
    country_config,
    is_third_country_national,
    roles_of,
)

# When several of a person's parts allow a move, the one recorded is the first here.
ROLE_PREFERENCE = (
    Role.COMPETENT_AUTHORITY,
    Role.CASEWORKER,
    Role.FIRST_RESPONDER,
    Role.SUPPORT_PROVIDER,
    Role.IMMIGRATION_AUTHORITY,
)


def _ordered(roles: frozenset[Role]) -> list[Role]:
    return [r for r in ROLE_PREFERENCE if r in roles]


def refresh(case: Case, history: CaseHistory, permits: PermitHistory) -> None:
    """Rewrite the case's denormalised columns from its histories (not saved)."""
    config = country_config()
    case.status = history.state.value
    case.age_status = history.age_status.value
    case.consent_referral = history.consent
    due = next_open(history, permits, config)
    case.next_deadline_kind = due.kind.value if due else ""
    case.next_deadline_due = due.due if due else None
    case.next_alert_at = due.alert_at if due else None
    case.updated_at = timezone.now()


def _audit(request: HttpRequest | None, case: Case, what: str, **detail: Any) -> None:
    record(
        request,
        Action.UPDATE,
        "case",
        case.pk,
        organisation=case.owner_id,
        detail={"change": what, **detail},
    )


def audit_identity_change(request: HttpRequest, case: Case) -> None:
    """Audit a change of the identity (which fields, never their values)."""
    _audit(request, case, "identity")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _store(
    request: HttpRequest,
    case: Case,
    change: Callable[[CaseHistory], CaseHistory],
) -> CaseHistory:
    """Apply ``change`` to the locked case's history and store what it appended."""
    before = history_of(case)
    after = change(before)
    user = request.user if request.user.is_authenticated else None
    CaseEvent.objects.bulk_create(
        new_rows(case, before, after, user, organisation_of(user))
    )
    refresh(case, after, permit_history_of(case))
    case.save()
    return after


def choose_role(
    case: Case, user: Any, to: CaseState, acting: list[Role] | None = None
) -> Role | None:
    """The part in which ``user`` makes the move to ``to``, None if none allows it.

    ``acting``: the user's parts on the case in preference order, when already known.
    """
    entry = find_transition(CaseState(case.status), to)
    if entry is None:
        return None
    if acting is None:
        acting = _ordered(acting_roles(user, case))
    usable = [r for r in acting if r in entry.roles]
    return usable[0] if usable else None


def move_options(
    case: Case, user: Any, at: datetime | None = None
) -> list[tuple[CaseState, list[str]]]:
    """Each move the table allows from the case's state, with every reason the user
    may not make it now (empty: allowed), for buttons and their explanations."""
    from palermo.referral import allowed_transitions

    at = at or timezone.now()
    history = history_of(case)
    acting = _ordered(acting_roles(user, case))
    options = []
    for target in allowed_transitions(history.state):
        role = choose_role(case, user, target, acting)
        if role is None:
            entry = find_transition(history.state, target)
            allowed = ", ".join(sorted(r.value for r in entry.roles)) if entry else ""
            reasons = (
                [f"only a {allowed} may make this move"]
                if acting
                else ["your organisation plays no part in this case"]
            )
        else:
            # A placeholder reason: the form asks for one where it is needed.
            reasons = [
                r
                for r in refusal_reasons(history, target, at, role, "reason")
                if "needs a reason" not in r
            ]
        options.append((target, reasons))
    return options


def move(
    request: HttpRequest,
    case: Case,
    to: CaseState | str,
    *,
    reason: str = "",
    at: datetime | None = None,
    competent_authority: Any = None,
) -> Case:
    """Move the case to ``to`` in the first of the user's parts that may.

    Raises:
        TransitionRefused: with every reason the core gives, or because the user's
            organisation plays no part allowed to make the move.
        InputError: a referral without a competent authority to decide on it.
    """
    target = CaseState(to)
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        role = choose_role(case, request.user, target)
        if role is None:
            raise TransitionRefused(
                f"your organisation may not move this case to {target.value}",
                issues=[{"code": "transition_refused", "message": "no part allows it"}],
            )
        if target is CaseState.REFERRED:
            authority = competent_authority or case.competent_authority
            if authority is None:
                raise InputError("name the competent authority the case is referred to")
            if Role.COMPETENT_AUTHORITY not in roles_of(authority):
                raise InputError(f"{authority.pk} is not a competent authority")
            case.competent_authority = authority
        source = case.status
        _store(
            request,
            case,
            lambda h: transition(h, target, at, role, reason.strip() or None),
        )
        _audit(request, case, "transition", source=source, target=target.value)
    return case


def _child_or_case_role(case: Case, user: Any, what: str) -> Role:
    for role in _ordered(acting_roles(user, case)):
        if role in (Role.COMPETENT_AUTHORITY, Role.CASEWORKER):
            return role
    raise TransitionRefused(
        f"only the case manager or the competent authority may record {what}"
    )


def set_consent(
    request: HttpRequest,
    case: Case,
    *,
    referral: bool,
    data_sharing: bool | None = None,
    at: datetime | None = None,
) -> Case:
    """Record the person's consent to referral (and to sharing data with services)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        roles = _ordered(acting_roles(request.user, case))
        if not roles:
            raise TransitionRefused("your organisation plays no part in this case")
        _store(request, case, lambda h: record_consent(h, referral, at, roles[0]))
        if data_sharing is not None:
            case.consent_data_sharing = data_sharing
            case.save(update_fields=["consent_data_sharing"])
        _audit(request, case, "consent", referral=referral, data_sharing=data_sharing)
    return case


def set_age(
    request: HttpRequest,
    case: Case,
    age_status: AgeStatus | str,
    *,
    age: int | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Case:
    """Record an age assessment; an adult finding brings back the consent rule."""
    status = AgeStatus(age_status)
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        role = _child_or_case_role(case, request.user, "an age assessment")
        _store(
            request,
            case,
            lambda h: record_age(h, status, at, role, reason.strip() or None),
        )
        if age is not None:
            case.age = age
            case.save(update_fields=["age"])
        _audit(request, case, "age", age_status=status.value)
    return case


def appoint_guardian(
    request: HttpRequest, case: Case, *, at: datetime | None = None
) -> Case:
    """Record that a guardian or representative was appointed for the child."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        role = _child_or_case_role(case, request.user, "a guardian's appointment")
        _store(request, case, lambda h: record_guardian(h, at, role))
        _audit(request, case, "guardian")
    return case


def assess_best_interests(
    request: HttpRequest, case: Case, *, note: str = "", at: datetime | None = None
) -> Case:
    """Record the child's best-interests assessment."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        role = _child_or_case_role(case, request.user, "a best-interests assessment")
        _store(
            request,
            case,
            lambda h: record_best_interests(h, at, role, note.strip() or None),
        )
        _audit(request, case, "best_interests")
    return case


def extend_recovery(
    request: HttpRequest,
    case: Case,
    days: int,
    *,
    reason: str,
    at: datetime | None = None,
) -> Case:
    """Extend the running recovery and reflection period within the country's limits."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        role = _child_or_case_role(case, request.user, "an extension")
        config = country_config()
        _store(
            request,
            case,
            lambda h: extend_recovery_period(h, days, at, role, config, reason),
        )
        _audit(request, case, "extension", days=days)
    return case


def record_permit(
    request: HttpRequest,
    case: Case,
    to: PermitState | str,
    *,
    months: int | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Case:
    """Record a step under Directive 2004/81/EC (reflection period, permit...).

    Raises:
        TransitionRefused: the Directive does not apply, the person is not a
            third-country national, or the step is not allowed (every reason).
    """
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        permits = permit_history_of(case)
        config = country_config()
        refusals: list[TransitionRefused] = []
        for role in _ordered(acting_roles(request.user, case)):
            try:
                after = permit_transition(
                    permits,
                    to,
                    at,
                    role,
                    config,
                    third_country_national=is_third_country_national(case.citizenship),
                    months=months,
                    reason=reason.strip() or None,
                )
            except TransitionRefused as refused:
                refusals.append(refused)
                continue
            user = request.user if request.user.is_authenticated else None
            permit_row(case, after, user).save()
            refresh(case, history_of(case), after)
            case.save()
            _audit(
                request, case, "permit", state=after.state.value if after.state else ""
            )
            return case
        if refusals:
            raise refusals[0]
        raise TransitionRefused("your organisation plays no part in this case")
