"""Caseworkers' changes to a case: one short POST view per kind of change.

Each fetches the case through ``_get_case_for_user``, refuses (403, audited) a reader
who may not change it, calls one service, and goes back to the case page with the
outcome; a refusal by the rules is shown with every reason the core gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.errors import PalermoError
from palermo.referral import AgeStatus
from palermo_web.accounts.access import deny, require_role
from palermo_web.accounts.models import Role as HubRole
from palermo_web.cases import referrals, retention, services
from palermo_web.cases.access import _get_case_for_user, get_referral_for_user
from palermo_web.cases.forms import (
    AgeForm,
    ConsentForm,
    ExtendForm,
    IdentityForm,
    MoveForm,
    NoteForm,
    PermitForm,
    ReferForm,
    RespondForm,
)
from palermo_web.cases.identity import write_identity
from palermo_web.cases.models import Case
from palermo_web.cases.nrm import competent_authorities

CASEWORKER = HubRole.CASEWORKER


def _change(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    apply: Callable[[Case, dict[str, Any]], object],
    done: str,
    **form_options: Any,
) -> HttpResponse:
    case, can_write = _get_case_for_user(request, pk, purpose="change")
    if not can_write:
        deny(request, "case", pk)
    form = form_class(request.POST, **form_options)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    else:
        try:
            apply(case, form.cleaned_data)
        except PalermoError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
    return redirect("cases:detail", pk=pk)


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@require_role(CASEWORKER)
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(case: Case, data: dict[str, Any]) -> object:
        authority = next(
            (a for a in competent_authorities() if a.pk == data["competent_authority"]),
            None,
        )
        return services.move(
            request,
            case,
            data["to"],
            reason=data["reason"],
            at=data["when"],
            competent_authority=authority,
        )

    return _change(request, pk, MoveForm, apply, _("The case has moved."))


@require_role(CASEWORKER)
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        ConsentForm,
        lambda case, d: services.set_consent(
            request,
            case,
            referral=d["referral"] == "yes",
            data_sharing=_tristate(d["data_sharing"]),
        ),
        _("Consent recorded."),
    )


@require_role(CASEWORKER)
@require_POST
def age(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        AgeForm,
        lambda case, d: services.set_age(
            request, case, AgeStatus(d["age_status"]), age=d["age"], reason=d["reason"]
        ),
        _("Age assessment recorded."),
    )


@require_role(CASEWORKER)
@require_POST
def guardian(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        NoteForm,
        lambda case, d: services.appoint_guardian(request, case, at=d["when"]),
        _("Guardian appointment recorded."),
    )


@require_role(CASEWORKER)
@require_POST
def best_interests(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        NoteForm,
        lambda case, d: services.assess_best_interests(
            request, case, note=d["note"], at=d["when"]
        ),
        _("Best-interests assessment recorded."),
    )


@require_role(CASEWORKER)
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        ExtendForm,
        lambda case, d: services.extend_recovery(
            request, case, d["days"], reason=d["reason"]
        ),
        _("The recovery period is extended."),
    )


@require_role(CASEWORKER)
@require_POST
def permit(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        PermitForm,
        lambda case, d: services.record_permit(
            request, case, d["to"], months=d["months"], reason=d["reason"]
        ),
        _("Residence step recorded."),
    )


@require_role(CASEWORKER)
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(case: Case, data: dict[str, Any]) -> object:
        if case.owner_id != case_owner(request):
            raise services.TransitionRefused(
                "only the organisation that owns the case changes its identity"
            )
        if case.is_erased:
            raise services.TransitionRefused("the identity of this case was erased")
        services.audit_identity_change(request, case)
        return write_identity(case, data)

    return _change(request, pk, IdentityForm, apply, _("Identity saved."))


def case_owner(request: HttpRequest) -> Any:
    from palermo_web.accounts.access import organisation_of

    organisation = organisation_of(request.user)
    return organisation.pk if organisation else None


@require_role(CASEWORKER)
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    from palermo_web.organisations.models import Organisation

    def apply(case: Case, data: dict[str, Any]) -> object:
        to = Organisation.objects.get(pk=data["to_organisation"])
        return referrals.refer(
            request,
            case,
            to,
            kind=data["kind"],
            service=data["service"],
            note=data["note"],
        )

    organisations = list(Organisation.objects.all())
    return _change(
        request, pk, ReferForm, apply, _("Referral sent."), organisations=organisations
    )


@require_role(CASEWORKER)
@require_POST
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    case, _can_write = _get_case_for_user(request, pk, purpose="erase")
    if case.owner_id != case_owner(request):
        deny(request, "case", pk)
    retention.erase(case, why="request", request=request)
    messages.success(request, _("The identity and notes of this case are erased."))
    return redirect("cases:detail", pk=pk)


@require_role(CASEWORKER)
@require_POST
def respond(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    referral = get_referral_for_user(request, pk)
    form = RespondForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        referrals.respond(
            request,
            referral,
            action,
            reason=data.get("reason", ""),
            outcome=data.get("outcome", ""),
            reason_not_successful=data.get("reason_not_successful", ""),
        )
    except PalermoError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The referral is updated."))
    if referral.state == referral.State.REJECTED and action == "reject":
        return redirect("cases:list")  # the receiver no longer sees the case
    return redirect("cases:detail", pk=referral.case_id)
