"""Caseworkers' pages: the case list, screening, registration, a case, its letters.

Views are short: they fetch a case only through ``_get_case_for_user`` (which audits
the read), call one service, and render. Changes are in ``actions``; analysts' pages
in ``views_analyst``.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from palermo.errors import PalermoError
from palermo.referral import (
    DECISION_STATES,
    AgeStatus,
    CaseState,
    allowed_permit_transitions,
    decision_letter_addressee,
    permit_validity,
)
from palermo.screening import (
    PROFILE_IDS,
    IndicatorListMissing,
    form_ids,
    load_dimensions,
    load_form,
    load_profile,
    render_sheet,
    require_profile,
)
from palermo_web.accounts.access import organisation_of, require_role
from palermo_web.accounts.models import Role as HubRole
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases import registration, services
from palermo_web.cases.access import _get_case_for_user, acting_roles
from palermo_web.cases.crypto import IDENTITY_FIELDS
from palermo_web.cases.forms import RegistrationForm
from palermo_web.cases.history import history_of, permit_history_of, shown_deadlines
from palermo_web.cases.identity import read_identity
from palermo_web.cases.listing import NewestCases
from palermo_web.cases.models import AgeStatus as AgeStatus_
from palermo_web.cases.models import Case, Referral, Service, Status
from palermo_web.cases.nrm import competent_authorities, country_config

CASEWORKER = HubRole.CASEWORKER


def _lang(request: HttpRequest) -> str:
    return "fr" if (request.LANGUAGE_CODE or "en").startswith("fr") else "en"


@require_role(CASEWORKER)
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    where = Q()
    state = request.GET.get("state", "")
    if state in Status.values:
        where &= Q(status=state)
    now = timezone.now()
    alerts_only = request.GET.get("alerts") == "1"
    if alerts_only:
        where &= Q(next_alert_at__lte=now)
    reference = request.GET.get("reference", "").strip()
    if reference:
        number = reference.rsplit("-", 1)[-1]
        where &= Q(pk=int(number)) if number.isdigit() else Q(pk__in=[])
    page = Paginator(NewestCases(request.user, where), 50).get_page(
        request.GET.get("page")
    )
    # Labels looked up once: get_status_display hashes every lazy label on each call.
    labels = dict(Status.choices)
    for case in page:
        case.status_label = labels.get(case.status, case.status)
    organisation = organisation_of(request.user)
    waiting = (
        Referral.objects.filter(
            to_organisation=organisation, state=Referral.State.PENDING
        )
        .select_related("case", "from_organisation")
        .order_by("-created_at")[:20]
    )
    record(
        request, Action.READ, "case_list", detail={"state": state} if state else None
    )
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "now": now,
            "states": labels.items(),
            "state": state,
            "alerts_only": alerts_only,
            "reference": reference,
            "waiting": waiting,
            "organisation": organisation,
            "zone": country_config().timezone,
        },
    )


def _answers(request: HttpRequest, indicator_ids: list[str]) -> dict[str, str]:
    return {
        i: request.POST[f"answer-{i}"]
        for i in indicator_ids
        if request.POST.get(f"answer-{i}") in ("present", "absent")
    }


@require_role(CASEWORKER)
@require_http_methods(["GET", "HEAD", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    profile_name = data.get("profile", "adult_labour")
    form_name = data.get("form", "")
    if profile_name not in PROFILE_IDS or (form_name and form_name not in form_ids()):
        raise Http404
    lang = _lang(request)
    profiles = [(p, load_profile(p).is_transcribed) for p in PROFILE_IDS]
    context: dict[str, Any] = {
        "profiles": profiles,
        "forms": [(f, load_form(f).title(lang)) for f in form_ids()],
        "profile": profile_name,
        "form": form_name,
        "lang": lang,
    }
    try:
        profile = require_profile(profile_name)
    except IndicatorListMissing as missing:
        context["missing"] = missing.message
        return render(request, "cases/screen.html", context)
    wanted = set(load_form(form_name).indicators) if form_name else None
    shown = [
        (
            d,
            [
                i
                for i in profile.indicators_of(d.id)
                if wanted is None or i.id in wanted
            ],
        )
        for d in load_dimensions()
    ]
    answers: dict[str, str] = {}
    if request.method == "POST":
        answers = _answers(request, [i.id for _d, items in shown for i in items])
        stored = registration.screen(profile_name, answers, form_name or None)
        context["result"] = stored["result"]
        context["summary"] = (
            stored["summary_fr"] if lang == "fr" else stored["result"]["summary"]
        )
        context["screening_json"] = json.dumps(
            {"profile": profile_name, "form": form_name, "answers": answers}
        )
        record(
            request,
            Action.CREATE,
            "screening",
            detail={"profile": profile_name, "outcome": stored["result"]["outcome"]},
        )
    context["dimensions"] = [
        (
            d.label(lang),
            [
                (i.id, i.label(lang), i.strength.value, answers.get(i.id, "unknown"))
                for i in items
            ],
        )
        for d, items in shown
        if items
    ]
    return render(request, "cases/screen.html", context)


@require_role(CASEWORKER)
@require_safe
def prompt_sheet(request: HttpRequest, profile: str) -> HttpResponse:
    form = request.GET.get("form") or None
    if profile not in PROFILE_IDS or (form and form not in form_ids()):
        raise Http404
    try:
        html = render_sheet(profile, _lang(request), form)
    except IndicatorListMissing:
        raise Http404 from None
    return HttpResponse(html)


def _screening_from(raw: str) -> dict[str, Any]:
    if not raw:
        return {}
    given = json.loads(raw)
    return registration.screen(
        str(given["profile"]), dict(given.get("answers", {})), given.get("form") or None
    )


@require_role(CASEWORKER)
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    authorities = competent_authorities()
    form = RegistrationForm(
        request.POST or None,
        authorities=authorities,
        initial={"screening": request.GET.get("screening", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        authority = next(
            (a for a in authorities if a.pk == data.get("competent_authority")), None
        )
        try:
            case = registration.register(
                request,
                registration.Registration(
                    age_status=AgeStatus(data["age_status"]),
                    sex=data["sex"],
                    age=data.get("age"),
                    citizenship=data["citizenship"],
                    forms_of_exploitation=data["forms_of_exploitation"] or ["unknown"],
                    country_of_exploitation=data["country_of_exploitation"],
                    recruitment_country=data["recruitment_country"],
                    unaccompanied_minor=data["unaccompanied_minor"],
                    consent_referral=data["consent_referral"],
                    consent_data_sharing=data["consent_data_sharing"],
                    refer_now=data["refer_now"],
                    competent_authority=authority,
                    identity={f: data.get(f) for f in IDENTITY_FIELDS},
                    screening=_screening_from(data.get("screening", "")),
                ),
            )
        except (PalermoError, ValueError, KeyError) as error:
            form.add_error(None, getattr(error, "message", str(error)))
        else:
            messages.success(request, _("The case is registered."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/register.html",
        {"form": form, "authorities": authorities},
        status=400 if request.method == "POST" else 200,
    )


def _decision_events(case: Case) -> list[Any]:
    decided = DECISION_STATES["first"] | DECISION_STATES["conclusive"]
    return [
        e
        for e in case.events.order_by("seq")
        if e.action == "transition" and CaseState(e.state) in decided
    ]


@require_role(CASEWORKER)
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, can_write = _get_case_for_user(request, pk, purpose="detail")
    config = country_config()
    history = history_of(case)
    permits = permit_history_of(case)
    organisation = organisation_of(request.user)
    referrals = case.referrals.select_related("to_organisation", "from_organisation")
    if organisation.pk != case.owner_id:
        referrals = referrals.filter(
            Q(to_organisation=organisation) | Q(from_organisation=organisation)
        )
    shown = shown_deadlines(history, permits, config, timezone.now())
    from palermo_web.organisations.models import Organisation

    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "can_write": can_write,
            "is_owner": organisation.pk == case.owner_id,
            "acting": sorted(r.value for r in acting_roles(request.user, case)),
            "identity": read_identity(case) if not case.is_erased else None,
            "events": case.events.select_related("by_organisation").order_by("seq"),
            "permit_events": case.permits.order_by("seq"),
            "permit_state": permits.state.value if permits.state else "",
            "permit_next": [s.value for s in allowed_permit_transitions(permits.state)],
            "permit_valid": permit_validity(permits, config),
            "deadlines": shown,
            "alerts": [s for s in shown if s.is_alert],
            "moves": [
                (target.value, Status(target.value).label, reasons)
                for target, reasons in services.move_options(case, request.user)
            ]
            if can_write
            else [],
            "services": Service.choices,
            "age_choices": AgeStatus_.choices,
            "authorities": competent_authorities(),
            "referrals": referrals,
            "organisations": Organisation.objects.exclude(pk=case.owner_id),
            "decisions": _decision_events(case),
            "is_child": history.is_treated_as_child,
            "has_guardian": history.has_guardian,
            "has_best_interests": history.has_best_interests_assessment,
            "lang": _lang(request),
            "zone": config.timezone,
        },
    )


@require_role(CASEWORKER)
@require_safe
def letter(request: HttpRequest, pk: int, seq: int) -> HttpResponse:
    case, _can_write = _get_case_for_user(request, pk, purpose="letter")
    event = next((e for e in _decision_events(case) if e.seq == seq), None)
    if event is None:
        raise Http404
    history = history_of(case)
    addressee = decision_letter_addressee(history)
    context = {
        "case": case,
        "event": event,
        "addressee": addressee,
        "zone": country_config().timezone,
    }
    if addressee != "person" and not history.has_guardian:
        # Never served on a child: without a guardian there is no one to serve it on.
        return render(request, "cases/letter_blocked.html", context, status=409)
    if addressee == "person" and not case.is_erased:
        identity = read_identity(case)
        context["name"] = " ".join(
            p for p in (identity["given_names"], identity["family_names"]) if p
        )
    return render(request, "cases/letter.html", context)
