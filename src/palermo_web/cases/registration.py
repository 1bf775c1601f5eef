"""Screening a person and registering a presumed victim's case.

A first responder screens with :mod:`palermo.screening` (a full ILO/EC list or a short
form), then registers the case with the result. An adult is referred to the mechanism
only with their consent; anyone under 18, or presumed to be while their age is
uncertain, is referred at once without it (Council of Europe Convention Art. 10(3)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.errors import InputError
from palermo.referral import AgeStatus, CaseState, Role, TransitionRefused, open_case
from palermo.screening import assess, assess_form
from palermo_web.accounts.access import organisation_of
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases import services
from palermo_web.cases.history import new_rows
from palermo_web.cases.identity import write_identity
from palermo_web.cases.models import Case, CaseEvent
from palermo_web.cases.nrm import roles_of


def screen(
    profile: str, answers: Mapping[str, Any], form: str | None = None
) -> dict[str, Any]:
    """Assess ``answers`` and keep what the case stores of it (no personal data).

    Raises:
        InputError: an answer names no indicator of the profile or the form.
        IndicatorListMissing: the profile's list is not transcribed.
    """
    result = assess_form(answers, form, profile) if form else assess(answers, profile)
    return {
        "profile": result.profile,
        "form": form or "",
        "answers": {k: str(v) for k, v in answers.items()},
        "result": result.to_dict(),
        "summary_fr": result.summary("fr"),
    }


@dataclass
class Registration:
    """What a first responder records when registering a presumed victim."""

    age_status: AgeStatus
    sex: str = "unknown"
    age: int | None = None
    citizenship: str = "unknown"
    forms_of_exploitation: list[str] = field(default_factory=lambda: ["unknown"])
    country_of_exploitation: str = "unknown"
    recruitment_country: str = "unknown"
    unaccompanied_minor: str = "unknown"
    consent_referral: bool | None = None
    consent_data_sharing: bool | None = None
    refer_now: bool = True
    competent_authority: Any = None
    identity: dict[str, Any] = field(default_factory=dict)
    screening: dict[str, Any] = field(default_factory=dict)
    detected_at: datetime | None = None


def _registering_role(organisation: Any) -> Role:
    parts = roles_of(organisation)
    for role in (Role.FIRST_RESPONDER, Role.CASEWORKER):
        if role in parts:
            return role
    raise TransitionRefused("only a first responder or a case manager registers a case")


def register(request: HttpRequest, data: Registration) -> Case:
    """Register the case, and refer it when the rules say so.

    A child (or presumed child) is always referred; an adult only with consent and
    when ``refer_now``. A referral needs a competent authority.

    Raises:
        TransitionRefused: the organisation may not register, or a rule refuses.
        InputError: a referral without a competent authority.
    """
    user = request.user
    organisation = organisation_of(user)
    role = _registering_role(organisation)
    is_child = data.age_status is not AgeStatus.ADULT
    at = data.detected_at or timezone.now()
    consent = None if is_child else data.consent_referral
    must_refer = is_child or (data.refer_now and consent is True)
    if must_refer and data.competent_authority is None:
        raise InputError(
            "name the competent authority the case is referred to"
            + (" (a child is always referred)" if is_child else "")
        )
    history = open_case(at, role, data.age_status, consent=consent)
    with transaction.atomic():
        case = Case.objects.create(
            owner=organisation,
            registered_by=user,
            registered_at=at,
            referral_source=organisation.organisation_type,
            age_status=data.age_status.value,
            consent_referral=consent,
            consent_data_sharing=None if is_child else data.consent_data_sharing,
            sex=data.sex,
            age=data.age,
            citizenship=data.citizenship,
            forms_of_exploitation=list(data.forms_of_exploitation) or ["unknown"],
            country_of_exploitation=data.country_of_exploitation,
            recruitment_country=data.recruitment_country,
            unaccompanied_minor=data.unaccompanied_minor,
            screening=data.screening,
        )
        CaseEvent.objects.bulk_create(
            new_rows(case, type(history)(()), history, user, organisation)
        )
        write_identity(case, data.identity)
        record(
            request,
            Action.CREATE,
            "case",
            case.pk,
            organisation=organisation.pk,
            detail={
                "age_status": data.age_status.value,
                "screening": data.screening.get("result", {}).get("outcome", ""),
            },
        )
        if must_refer:
            services.move(
                request,
                case,
                CaseState.REFERRED,
                at=max(at, timezone.now()),
                competent_authority=data.competent_authority,
            )
        else:
            services.refresh(case, history, services.permit_history_of(case))
            case.save()
    case.refresh_from_db()
    return case
