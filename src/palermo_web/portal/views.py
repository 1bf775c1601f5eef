"""Submitters upload files and read their reports; everyone sees only what they may."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from palermo.errors import PalermoError
from palermo.standard import Kind
from palermo_web import fragments
from palermo_web.accounts import access
from palermo_web.accounts.access import require_role
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.portal.forms import MappingForm, UploadForm
from palermo_web.portal.models import SavedMapping, Upload
from palermo_web.portal.template_file import excel_template
from palermo_web.portal.upload import (
    UploadRefused,
    UploadRequest,
    audit_refusal,
    receive,
)
from palermo_web.submissions.models import Submission

VIEWERS = (Role.SUBMITTER, Role.ANALYST, Role.ADMINISTRATOR)
PAGE = 50  # submissions per page of the list
# What a row of the submissions list shows, and the names its template reads them by.
_ROW_FIELDS = (
    "pk",
    "reference_period",
    "organisation__name",
    "kind",
    "version",
    "status",
    "row_count",
    "submitted_at",
    "submitted_by",
)
_ROW_NAMES = tuple(field.replace("__", "_") for field in _ROW_FIELDS)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def home(request: HttpRequest) -> HttpResponse:
    role = access.role_of(request.user)
    if role is None:
        return (
            redirect("accounts:login")
            if not request.user.is_authenticated
            else redirect("accounts:account")
        )
    if role == Role.ANALYST:
        return redirect("dashboard:index")
    if role == Role.CASEWORKER:
        return redirect("cases:list")
    return redirect("portal:submissions")


@require_role(*VIEWERS)
@require_safe
def submission_list(request: HttpRequest) -> HttpResponse:
    submissions = access.submissions_for(request.user)
    period = request.GET.get("period", "")
    if period.isdigit():
        submissions = submissions.filter(reference_period=int(period))
    organisation_id = request.GET.get("organisation", "")
    if organisation_id:
        submissions = submissions.filter(organisation_id=organisation_id)
    # Only the values a row shows: they are the cache key of the rendered rows, and a
    # page read from the cache builds no model instance at all.
    submissions = submissions.order_by(
        "-reference_period", "organisation_id", "kind", "-version"
    ).values_list(*_ROW_FIELDS)
    uploads = list(access.uploads_for(request.user).select_related("organisation")[:10])
    page = Paginator(submissions, PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    # The rows cost most of the page to render: kept under a digest of what they show
    # (this person's scope already chose them), so only a change redraws them.
    rows = fragments.cached("submission-rows", shown, lambda: _submission_rows(shown))
    outcomes = dict(Upload.Outcome.choices)
    for upload_row in uploads:
        upload_row.outcome_label = outcomes.get(upload_row.outcome, upload_row.outcome)
    record(
        request,
        Action.READ,
        "submission_list",
        detail={"period": period} if period else None,
    )
    return render(
        request,
        "portal/list.html",
        {
            "submissions": page,
            "rows": rows,
            "query": _query_without_page(request),
            "uploads": uploads,
            "period": period,
            "organisation": access.submitting_organisation(request.user),
        },
    )


def _submission_rows(rows: Iterable[tuple[object, ...]]) -> str:
    # Labels looked up once a page: get_FOO_display hashes every lazy label each call.
    kinds, statuses = (
        dict(Submission.KindChoice.choices),
        dict(Submission.Status.choices),
    )
    shown = []
    for values in rows:
        row = dict(zip(_ROW_NAMES, values, strict=True))
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        shown.append(row)
    return render_to_string("portal/_submission_rows.html", {"submissions": shown})


@require_role(Role.SUBMITTER)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    organisation = access.submitting_organisation(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = receive(
                data["file"],
                UploadRequest(
                    organisation,
                    Kind(data["kind"]),
                    data["period"],
                    request.user,
                    data["use_saved_mapping"],
                    (request.LANGUAGE_CODE or "en")[:2],
                ),
            )
        except UploadRefused as refused:
            audit_refusal(request, organisation, refused, data["file"].size or 0)
            form.add_error("file", refused.message)
            status = refused.status
        else:
            record(
                request,
                Action.CREATE,
                "upload",
                result.pk,
                organisation=organisation.pk,
                detail={"outcome": result.outcome, "submission": result.submission_id},
            )
            return redirect("portal:upload_detail", pk=result.pk)
    return render(
        request,
        "portal/upload.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


@require_role(*VIEWERS)
@require_safe
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_upload_for_user(request, pk)
    record(request, Action.READ, "upload", item.pk, organisation=item.organisation_id)
    return render(request, "portal/upload_detail.html", {"upload": item})


@require_role(*VIEWERS)
@require_safe
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = access.get_submission_for_user(request, pk)
    record(
        request,
        Action.READ,
        "submission",
        submission.pk,
        organisation=submission.organisation_id,
    )
    versions = (
        access.submissions_for(request.user)
        .filter(
            organisation=submission.organisation,
            kind=submission.kind,
            reference_period=submission.reference_period,
        )
        .order_by("-version")
    )
    issues = submission.report.get("issues", [])
    from palermo_web.portal.upload import safe_issues

    return render(
        request,
        "portal/detail.html",
        {
            "submission": submission,
            "versions": versions,
            "issues": safe_issues(issues, Kind(submission.kind)),
        },
    )


def _kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise Http404 from None


@require_role(*VIEWERS)
@require_safe
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    content = excel_template(_kind(kind))
    record(request, Action.DOWNLOAD, "template", kind)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="palermo-{kind}-template.xlsx"'
    )
    return response


@require_role(Role.SUBMITTER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def mapping(request: HttpRequest, organisation_id: str, kind: str) -> HttpResponse:
    organisation = access.get_organisation_for_user(request, organisation_id)
    kind_ = _kind(kind)
    saved = SavedMapping.objects.filter(
        organisation=organisation, kind=kind_.value
    ).first()
    form = MappingForm(
        request.POST or None, initial={"text": saved.text if saved else ""}
    )
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"].replace("\r\n", "\n")
        problem = check_mapping(text)
        if problem:
            form.add_error("text", problem)
        else:
            SavedMapping.objects.update_or_create(
                organisation=organisation,
                kind=kind_.value,
                defaults={
                    "text": text,
                    "updated_at": timezone.now(),
                    "updated_by": request.user.get_username(),
                },
            )
            record(
                request,
                Action.UPDATE,
                "mapping",
                f"{organisation.pk}/{kind_.value}",
                organisation=organisation.pk,
            )
            messages.success(request, _("The mapping is saved."))
            return redirect(
                "portal:mapping", organisation_id=organisation.pk, kind=kind_.value
            )
    record(
        request,
        Action.READ,
        "mapping",
        f"{organisation.pk}/{kind_.value}",
        organisation=organisation.pk,
    )
    return render(
        request,
        "portal/mapping.html",
        {
            "form": form,
            "organisation": organisation,
            "kind": kind_.value,
            "saved": saved,
        },
    )


@require_role(Role.SUBMITTER, Role.ADMINISTRATOR)
@require_safe
def mapping_download(
    request: HttpRequest, organisation_id: str, kind: str
) -> HttpResponse:
    organisation = access.get_organisation_for_user(request, organisation_id)
    saved = SavedMapping.objects.filter(
        organisation=organisation, kind=_kind(kind).value
    ).first()
    if saved is None:
        raise Http404
    record(
        request,
        Action.DOWNLOAD,
        "mapping",
        f"{organisation.pk}/{kind}",
        organisation=organisation.pk,
    )
    response = HttpResponse(saved.text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mapping-{organisation.pk}-{kind}.yaml"'
    )
    return response


def check_mapping(text: str) -> str | None:
    """The reason a mapping cannot be read, or None when the intake accepts it."""
    from palermo.intake import load_mapping

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mapping.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_mapping(path)
        except PalermoError as error:
            return error.message
    return None
