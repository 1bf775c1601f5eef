"""The cases API: the same services as the pages, as JSON (django-ninja).

Caseworkers use it through their logged-in session (API tokens act for submitters
only); analysts read the evaluation figures and send a period to the statistics. A case
is fetched only through ``_get_case_for_user``; refusals are the API's one error shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.errors import HttpError

from palermo.referral import AgeStatus, CaseState
from palermo.screening import form_ids
from palermo_web.accounts.access import organisation_of
from palermo_web.accounts.models import Role as HubRole
from palermo_web.api.common import require
from palermo_web.api.schemas import ErrorOut
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases import referrals, registration, retention, services
from palermo_web.cases.access import (
    _get_case_for_user,
    acting_roles,
    get_referral_for_user,
    referrals_for,
)
from palermo_web.cases.evaluation import evaluate
from palermo_web.cases.export import export_period
from palermo_web.cases.history import history_of, permit_history_of, shown_deadlines
from palermo_web.cases.identity import read_identity, write_identity
from palermo_web.cases.listing import NewestCases
from palermo_web.cases.models import Case, Referral
from palermo_web.cases.nrm import competent_authorities, country_config
from palermo_web.cases.schemas import (
    AgeIn,
    CaseIn,
    CaseOut,
    CaseSummaryOut,
    ConsentIn,
    ExtendIn,
    IdentityIn,
    MoveIn,
    NoteIn,
    PeriodIn,
    PermitIn,
    ReferIn,
    ReferralOut,
    RespondIn,
    ScreeningIn,
)

router = Router(tags=["cases"])
E = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CASEWORKER = HubRole.CASEWORKER
MAX_OFFSET = 10**9
ANALYSTS = (HubRole.ANALYST, HubRole.ADMINISTRATOR)


def _summary(case: Case, now: datetime) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "status": case.status,
        "age_status": case.age_status,
        "owner": case.owner_id,
        "registered_at": case.registered_at,
        "next_deadline_kind": case.next_deadline_kind,
        "next_deadline_due": case.next_deadline_due,
        "alert": bool(case.next_alert_at and case.next_alert_at <= now),
    }


def _case_out(request: HttpRequest, case: Case, can_write: bool) -> CaseOut:
    now = timezone.now()
    history, permits = history_of(case), permit_history_of(case)
    events = [
        {
            "seq": e.seq,
            "action": e.action,
            "at": e.at,
            "by_role": e.by_role,
            "state": e.state,
            "reason": e.reason,
            "days": e.days,
            "age_status": e.age_status,
            "consent": e.consent,
        }
        for e in case.events.order_by("seq")
    ]
    return CaseOut(
        **_summary(case, now),
        competent_authority=case.competent_authority_id,
        can_write=can_write,
        acting_as=sorted(r.value for r in acting_roles(request.user, case)),
        consent_referral=case.consent_referral,
        consent_data_sharing=case.consent_data_sharing,
        sex=case.sex,
        age=case.age,
        citizenship=case.citizenship,
        forms_of_exploitation=case.forms_of_exploitation,
        unaccompanied_minor=case.unaccompanied_minor,
        screening=case.screening,
        events=events,
        permits=[
            {"seq": p.seq, "state": p.state, "at": p.at, "months": p.months}
            for p in case.permits.order_by("seq")
        ],
        deadlines=[
            s.to_dict()
            for s in shown_deadlines(history, permits, country_config(), now)
        ],
        moves=[
            {"to": target.value, "refused": reasons}
            for target, reasons in services.move_options(case, request.user)
        ]
        if can_write
        else [],
        guardian_appointed=history.has_guardian,
        best_interests_assessed=history.has_best_interests_assessment,
        erased=case.is_erased,
    )


def _writable(request: HttpRequest, pk: int) -> Case:
    require(request, CASEWORKER)
    case, can_write = _get_case_for_user(request, pk, purpose="change")
    if not can_write:
        record(request, Action.DENIED, "case", pk)
        raise HttpError(403, "not allowed")
    return case


def _changed(request: HttpRequest, case: Case) -> CaseOut:
    case.refresh_from_db()
    return _case_out(request, case, True)


@router.post(
    "/screening", response={200: dict[str, Any], **E}, operation_id="screen_person"
)
def screen_person(request: HttpRequest, body: ScreeningIn) -> dict[str, Any]:
    """Assess present / absent / unknown answers (unknown is never absent)."""
    require(request, CASEWORKER)
    if body.form and body.form not in form_ids():
        raise HttpError(422, f"unknown short form {body.form!r}")
    stored = registration.screen(body.profile, body.answers, body.form)
    record(
        request,
        Action.CREATE,
        "screening",
        detail={"profile": body.profile, "outcome": stored["result"]["outcome"]},
    )
    return stored["result"]


@router.get(
    "/cases", response={200: list[CaseSummaryOut], **E}, operation_id="list_cases"
)
def list_cases(
    request: HttpRequest,
    state: CaseState | None = None,
    alerts: bool = False,
    limit: int = Query(50, ge=1, le=500),
    # Bounded so that a page far past the end is an empty page, never a database
    # overflow (schemathesis-style inputs: offset=10**20).
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> list[dict[str, Any]]:
    require(request, CASEWORKER)
    now = timezone.now()
    where = Q()
    if state:
        where &= Q(status=state.value)
    if alerts:
        where &= Q(next_alert_at__lte=now)
    record(request, Action.READ, "case_list")
    page = NewestCases(request.user, where)[offset : offset + limit]
    return [_summary(c, now) for c in page]


@router.post("/cases", response={201: CaseOut, **E}, operation_id="register_case")
def register_case(request: HttpRequest, body: CaseIn) -> tuple[int, CaseOut]:
    """Register a presumed victim; a child is referred at once, without consent."""
    require(request, CASEWORKER)
    authority = next(
        (a for a in competent_authorities() if a.pk == body.competent_authority), None
    )
    screening = (
        registration.screen(
            body.screening.profile, body.screening.answers, body.screening.form
        )
        if body.screening
        else {}
    )
    case = registration.register(
        request,
        registration.Registration(
            age_status=AgeStatus(body.age_status),
            sex=body.sex,
            age=body.age,
            citizenship=body.citizenship,
            forms_of_exploitation=body.forms_of_exploitation,
            country_of_exploitation=body.country_of_exploitation,
            recruitment_country=body.recruitment_country,
            unaccompanied_minor=body.unaccompanied_minor,
            consent_referral=body.consent_referral,
            consent_data_sharing=body.consent_data_sharing,
            refer_now=body.refer_now,
            competent_authority=authority,
            identity=body.identity,
            screening=screening,
        ),
    )
    return 201, _case_out(request, case, True)


@router.get("/cases/{int:pk}", response={200: CaseOut, **E}, operation_id="get_case")
def get_case(request: HttpRequest, pk: int) -> CaseOut:
    require(request, CASEWORKER)
    case, can_write = _get_case_for_user(request, pk, purpose="detail")
    return _case_out(request, case, can_write)


@router.get(
    "/cases/{int:pk}/identity",
    response={200: dict[str, str], **E},
    operation_id="get_case_identity",
)
def get_case_identity(request: HttpRequest, pk: int) -> dict[str, str]:
    require(request, CASEWORKER)
    case, _can_write = _get_case_for_user(request, pk, purpose="identity")
    if case.is_erased:
        raise HttpError(404, "the identity of this case was erased")
    return read_identity(case)


@router.put(
    "/cases/{int:pk}/identity",
    response={200: dict[str, str], **E},
    operation_id="put_case_identity",
)
def put_case_identity(
    request: HttpRequest, pk: int, body: IdentityIn
) -> dict[str, str]:
    case = _writable(request, pk)
    organisation = organisation_of(request.user)
    if organisation.pk != case.owner_id or case.is_erased:
        record(request, Action.DENIED, "case_identity", pk)
        raise HttpError(403, "only the owner changes a case's identity")
    services.audit_identity_change(request, case)
    write_identity(case, body.dict())
    return read_identity(case)


@router.post(
    "/cases/{int:pk}/moves", response={200: CaseOut, **E}, operation_id="move_case"
)
def move_case(request: HttpRequest, pk: int, body: MoveIn) -> CaseOut:
    """Move the case (refused with every reason the rules give)."""
    case = _writable(request, pk)
    authority = next(
        (a for a in competent_authorities() if a.pk == body.competent_authority), None
    )
    services.move(
        request,
        case,
        body.to,
        reason=body.reason,
        at=body.at,
        competent_authority=authority,
    )
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/consent",
    response={200: CaseOut, **E},
    operation_id="record_case_consent",
)
def record_case_consent(request: HttpRequest, pk: int, body: ConsentIn) -> CaseOut:
    case = _writable(request, pk)
    services.set_consent(
        request, case, referral=body.referral, data_sharing=body.data_sharing
    )
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/age", response={200: CaseOut, **E}, operation_id="record_case_age"
)
def record_case_age(request: HttpRequest, pk: int, body: AgeIn) -> CaseOut:
    case = _writable(request, pk)
    services.set_age(request, case, body.age_status, age=body.age, reason=body.reason)
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/guardian",
    response={200: CaseOut, **E},
    operation_id="record_case_guardian",
)
def record_case_guardian(request: HttpRequest, pk: int, body: NoteIn) -> CaseOut:
    case = _writable(request, pk)
    services.appoint_guardian(request, case, at=body.at)
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/best-interests",
    response={200: CaseOut, **E},
    operation_id="record_case_best_interests",
)
def record_case_best_interests(request: HttpRequest, pk: int, body: NoteIn) -> CaseOut:
    case = _writable(request, pk)
    services.assess_best_interests(request, case, note=body.note, at=body.at)
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/extensions",
    response={200: CaseOut, **E},
    operation_id="extend_case_recovery",
)
def extend_case_recovery(request: HttpRequest, pk: int, body: ExtendIn) -> CaseOut:
    case = _writable(request, pk)
    services.extend_recovery(request, case, body.days, reason=body.reason)
    return _changed(request, case)


@router.post(
    "/cases/{int:pk}/permits",
    response={200: CaseOut, **E},
    operation_id="record_case_permit",
)
def record_case_permit(request: HttpRequest, pk: int, body: PermitIn) -> CaseOut:
    case = _writable(request, pk)
    services.record_permit(
        request, case, body.to, months=body.months, reason=body.reason
    )
    return _changed(request, case)


@router.get(
    "/cases/{int:pk}/deadlines",
    response={200: list[dict[str, Any]], **E},
    operation_id="get_case_deadlines",
)
def get_case_deadlines(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """Every deadline of the case with where it stands now (due soon, overdue...)."""
    require(request, CASEWORKER)
    case, _can_write = _get_case_for_user(request, pk, purpose="deadlines")
    shown = shown_deadlines(
        history_of(case), permit_history_of(case), country_config(), timezone.now()
    )
    return [s.to_dict() for s in shown]


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        case=r.case_id,
        kind=r.kind,
        service=r.service,
        from_organisation=r.from_organisation_id,
        to_organisation=r.to_organisation_id,
        state=r.state,
        reason=r.reason,
        outcome=r.outcome,
        reason_not_successful=r.reason_not_successful,
        created_at=r.created_at,
    )


@router.post(
    "/cases/{int:pk}/referrals",
    response={201: ReferralOut, **E},
    operation_id="refer_case",
)
def refer_case(request: HttpRequest, pk: int, body: ReferIn) -> tuple[int, ReferralOut]:
    """Refer the case for a service (access) or propose a transfer (ownership)."""
    from palermo_web.organisations.models import Organisation

    case = _writable(request, pk)
    to = Organisation.objects.filter(pk=body.to_organisation).first()
    if to is None:
        raise HttpError(422, f"unknown organisation {body.to_organisation!r}")
    referral = referrals.refer(
        request, case, to, kind=body.kind, service=body.service, note=body.note
    )
    return 201, _referral_out(referral)


@router.get(
    "/referrals", response={200: list[ReferralOut], **E}, operation_id="list_referrals"
)
def list_referrals(request: HttpRequest, state: str | None = None) -> list[ReferralOut]:
    require(request, CASEWORKER)
    found = referrals_for(request.user)
    if state:
        found = found.filter(state=state)
    record(request, Action.READ, "referral_list")
    return [_referral_out(r) for r in found[:500]]


@router.post(
    "/referrals/{int:pk}/{action}",
    response={200: ReferralOut, **E},
    operation_id="respond_to_referral",
)
def respond_to_referral(
    request: HttpRequest,
    pk: int,
    action: Literal["accept", "reject", "done", "revoke"],
    body: RespondIn,
) -> ReferralOut:
    require(request, CASEWORKER)
    referral = get_referral_for_user(request, pk)
    referrals.respond(
        request,
        referral,
        action,
        reason=body.reason,
        outcome=body.outcome,
        reason_not_successful=body.reason_not_successful,
    )
    return _referral_out(referral)


@router.post(
    "/cases/{int:pk}/erasure", response={200: CaseOut, **E}, operation_id="erase_case"
)
def erase_case(request: HttpRequest, pk: int) -> CaseOut:
    """Erase the case's identity and notes on the person's request (owner only)."""
    case = _writable(request, pk)
    if organisation_of(request.user).pk != case.owner_id:
        record(request, Action.DENIED, "case_identity", pk)
        raise HttpError(403, "only the owner erases a case's identity")
    retention.erase(case, why="request", request=request)
    return _changed(request, case)


@router.get(
    "/cases/evaluation/{int:period}",
    response={200: dict[str, Any], **E},
    operation_id="get_case_evaluation",
)
def get_case_evaluation(
    request: HttpRequest, period: int = Path(..., ge=1900, le=2100)
) -> dict[str, Any]:
    """The evaluation figures of the cases first referred in ``period``."""
    require(request, *ANALYSTS)
    record(request, Action.READ, "case_evaluation", period)
    return evaluate(period).to_dict()


@router.post(
    "/cases/statistics",
    response={200: dict[str, Any], **E},
    operation_id="export_case_statistics",
)
def export_case_statistics(request: HttpRequest, body: PeriodIn) -> dict[str, Any]:
    """Submit the period's cases to the statistics as the case module's records."""
    require(request, *ANALYSTS)
    receipt = export_period(body.period, submitted_by=request.user.get_username())
    record(
        request,
        Action.EXPORT,
        "case_statistics",
        body.period,
        detail={"submission": receipt.submission_id, "outcome": receipt.outcome},
    )
    return dict(receipt.to_dict())
