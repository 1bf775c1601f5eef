"""Referrals to service providers and transfers of cases, as Primero does them.

Ownership and access are apart: a **transfer** hands the case to another organisation,
which becomes its owner once it accepts (the old owner keeps no access of its own); a
**referral** for a service gives the receiving organisation access to the case while
the owner keeps it. The receiver accepts, or rejects with a reason; a service referral
is then done, with its outcome (successful, or not and why). The sender may revoke a
referral still pending. An adult's case is shared only with their consent to data
sharing; a child's is shared in their best interests, without consent.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.errors import InputError
from palermo.referral import TransitionRefused
from palermo_web.accounts.access import organisation_of
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases.models import Case, Referral, Service


def _audit(request: HttpRequest, referral: Referral, what: str) -> None:
    record(
        request,
        Action.CREATE if what == "create" else Action.UPDATE,
        "referral",
        referral.pk,
        organisation=referral.from_organisation_id,
        detail={
            "case": referral.case_id,
            "kind": referral.kind,
            "state": referral.state,
            "to": referral.to_organisation_id,
        },
    )


def refer(
    request: HttpRequest,
    case: Case,
    to_organisation: Any,
    *,
    kind: str = Referral.Kind.SERVICE,
    service: str = "",
    note: str = "",
) -> Referral:
    """Refer the case for a service, or propose to transfer it.

    Raises:
        TransitionRefused: not the owner, an adult without consent to data sharing, a
            closed case, or a transfer already pending.
        InputError: the receiver is the owner itself, or the service is unknown.
    """
    organisation = organisation_of(request.user)
    problems = []
    if organisation is None or organisation.pk != case.owner_id:
        problems.append(
            "only the organisation that owns the case refers or transfers it"
        )
    if to_organisation.pk == case.owner_id:
        raise InputError("the case already belongs to this organisation")
    if kind == Referral.Kind.SERVICE and service not in Service.values:
        raise InputError(f"unknown service {service!r}")
    if kind not in Referral.Kind.values:
        raise InputError(f"unknown kind {kind!r}; expected service or transfer")
    if case.is_erased or case.status == "exit":
        problems.append("the case is closed")
    if not case.is_treated_as_child and case.consent_data_sharing is not True:
        problems.append(
            "an adult's case is shared only with their consent to data sharing"
        )
    if (
        kind == Referral.Kind.TRANSFER
        and case.referrals.filter(
            kind=Referral.Kind.TRANSFER, state=Referral.State.PENDING
        ).exists()
    ):
        problems.append("a transfer of this case is already pending")
    if problems:
        raise TransitionRefused(
            "; ".join(problems),
            issues=[{"code": "referral_refused", "message": p} for p in problems],
        )
    referral = Referral.objects.create(
        case=case,
        kind=kind,
        service=service if kind == Referral.Kind.SERVICE else "",
        from_organisation=organisation,
        to_organisation=to_organisation,
        consent_overridden=case.is_treated_as_child,
        note=note.strip(),
        created_by=request.user,
    )
    _audit(request, referral, "create")
    return referral


def _refuse(message: str) -> TransitionRefused:
    return TransitionRefused(
        message, issues=[{"code": "referral_refused", "message": message}]
    )


def respond(
    request: HttpRequest,
    referral: Referral,
    action: str,
    *,
    reason: str = "",
    outcome: str = "",
    reason_not_successful: str = "",
) -> Referral:
    """Accept, reject (with a reason), mark done (with the outcome) or revoke.

    Accept, reject and done are for the receiving organisation; revoke for the sender.

    Raises:
        TransitionRefused: the action is not for this organisation or not allowed
            from the referral's state, or a required reason or outcome is missing.
    """
    organisation = organisation_of(request.user)
    org_id = organisation.pk if organisation else None
    state, kind = referral.state, referral.kind
    pending = state == Referral.State.PENDING
    receiver = org_id == referral.to_organisation_id
    if action in {"accept", "reject", "done"} and not receiver:
        raise _refuse("only the receiving organisation answers a referral")
    if action == "revoke" and org_id != referral.from_organisation_id:
        raise _refuse("only the referring organisation revokes a referral")
    now = timezone.now()
    with transaction.atomic():
        if action == "accept":
            if not pending:
                raise _refuse(f"a referral that is {state} cannot be accepted")
            referral.state = Referral.State.ACCEPTED
        elif action == "reject":
            if not pending:
                raise _refuse(f"a referral that is {state} cannot be rejected")
            if not reason.strip():
                raise _refuse("a rejection needs a reason")
            referral.state, referral.reason = Referral.State.REJECTED, reason.strip()
        elif action == "done":
            if kind != Referral.Kind.SERVICE or state != Referral.State.ACCEPTED:
                raise _refuse("only an accepted service referral is marked done")
            if outcome not in Referral.Outcome.values:
                raise _refuse("say whether the service was successful")
            if (
                outcome == Referral.Outcome.NOT_SUCCESSFUL
                and reason_not_successful not in Referral.NotSuccessful.values
            ):
                raise _refuse("say why the service was not successful")
            referral.state, referral.outcome = Referral.State.DONE, outcome
            referral.reason_not_successful = (
                reason_not_successful
                if outcome == Referral.Outcome.NOT_SUCCESSFUL
                else ""
            )
            referral.done_at = now
        elif action == "revoke":
            if not pending:
                raise _refuse(f"a referral that is {state} cannot be revoked")
            referral.state, referral.reason = Referral.State.REVOKED, reason.strip()
        else:
            raise InputError(
                f"unknown action {action!r}; expected accept, reject, done or revoke"
            )
        if action in {"accept", "reject"}:
            referral.responded_by, referral.responded_at = request.user, now
        referral.save()
        if kind == Referral.Kind.TRANSFER and action == "accept":
            case = Case.objects.select_for_update().get(pk=referral.case_id)
            case.owner_id = referral.to_organisation_id
            case.updated_at = now
            case.save(update_fields=["owner", "updated_at"])
            record(
                request,
                Action.UPDATE,
                "case",
                case.pk,
                organisation=case.owner_id,
                detail={"change": "transfer", "from": referral.from_organisation_id},
            )
        _audit(request, referral, action)
    return referral
