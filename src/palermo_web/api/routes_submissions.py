"""Submissions, uploads, templates and mappings."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile

from palermo.standard import Kind
from palermo_web.accounts import access
from palermo_web.accounts.models import Role
from palermo_web.api.common import require
from palermo_web.api.schemas import (
    ErrorOut,
    KindName,
    MappingIn,
    MappingOut,
    MeOut,
    SubmissionOut,
    UploadOut,
)
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.portal.models import SavedMapping, Upload
from palermo_web.portal.template_file import excel_template
from palermo_web.portal.upload import (
    UploadRefused,
    UploadRequest,
    audit_refusal,
    receive,
)
from palermo_web.portal.views import check_mapping

router = Router(tags=["submissions"])
VIEWERS = (Role.SUBMITTER, Role.ANALYST, Role.ADMINISTRATOR)
E = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/me", response={200: MeOut, **E}, operation_id="me")
def me(request: HttpRequest) -> MeOut:
    profile = access.profile_of(request.user)
    return MeOut(
        username=request.user.get_username(),
        role=profile.role if profile else "",
        organisation=profile.organisation_id if profile else None,
        language=profile.language if profile else "en",
    )


def _submission_out(s: object) -> SubmissionOut:
    return SubmissionOut(
        id=s.pk,
        organisation=s.organisation_id,
        kind=s.kind,  # type: ignore[attr-defined]
        reference_period=s.reference_period,
        version=s.version,
        status=s.status,  # type: ignore[attr-defined]
        row_count=s.row_count,
        checksum=s.checksum,
        file_name=s.file_name,  # type: ignore[attr-defined]
        submitted_by=s.submitted_by,
        submitted_at=s.submitted_at,
        encoded=s.encoded,  # type: ignore[attr-defined]
        key_fingerprint=s.key_fingerprint,  # type: ignore[attr-defined]
    )


@router.get(
    "/submissions",
    response={200: list[SubmissionOut], **E},
    operation_id="list_submissions",
)
def list_submissions(
    request: HttpRequest, period: int | None = None, kind: KindName | None = None
) -> list[SubmissionOut]:
    require(request, *VIEWERS)
    rows: QuerySet[object] = access.submissions_for(request.user)
    if period is not None:
        rows = rows.filter(reference_period=period)
    if kind is not None:
        rows = rows.filter(kind=kind)
    record(
        request,
        Action.READ,
        "submission_list",
        detail={"period": period} if period else None,
    )
    return [
        _submission_out(s)
        for s in rows.order_by(
            "-reference_period", "organisation_id", "kind", "-version"
        )[:1000]
    ]


@router.get(
    "/submissions/{int:pk}",
    response={200: SubmissionOut, **E},
    operation_id="get_submission",
)
def get_submission(request: HttpRequest, pk: int) -> SubmissionOut:
    require(request, *VIEWERS)
    submission = access.get_submission_for_user(request, pk)
    record(
        request, Action.READ, "submission", pk, organisation=submission.organisation_id
    )
    return _submission_out(submission)


def _upload_out(upload: Upload) -> UploadOut:
    return UploadOut(
        id=upload.pk,
        organisation=upload.organisation_id,
        kind=upload.kind,
        reference_period=upload.reference_period,
        file_name=upload.file_name,
        file_format=upload.file_format,
        outcome=upload.outcome,
        message=upload.message,
        rows=upload.rows,
        submission=upload.submission_id,
        issues=upload.issues,
    )


@router.post(
    "/submissions",
    response={201: UploadOut, 200: UploadOut, 413: ErrorOut, 415: ErrorOut, **E},
    operation_id="submit",
)
def submit(
    request: HttpRequest,
    kind: Form[KindName],
    period: Form[int],
    file: File[UploadedFile],
    use_saved_mapping: Form[bool] = True,
) -> tuple[int, object]:
    """Validate a file and store it as a new version; a rejected file answers 422."""
    require(request, Role.SUBMITTER)
    if not 1900 <= period <= 2100:
        raise HttpError(
            422, "the reference period must be a year between 1900 and 2100"
        )
    organisation = access.submitting_organisation(request.user)
    try:
        upload = receive(
            file,
            UploadRequest(
                organisation,
                Kind(kind),
                period,
                request.user,
                use_saved_mapping,
                (getattr(request, "LANGUAGE_CODE", "en") or "en")[:2],
            ),
        )
    except UploadRefused as refused:
        audit_refusal(request, organisation, refused, file.size or 0)
        return refused.status, {"error": refused.message, "issues": []}
    record(
        request,
        Action.CREATE,
        "upload",
        upload.pk,
        organisation=organisation.pk,
        detail={"outcome": upload.outcome, "submission": upload.submission_id},
    )
    if upload.outcome == Upload.Outcome.REJECTED:
        return 422, {"error": upload.message, "issues": upload.issues}
    return (201 if upload.outcome == Upload.Outcome.ACCEPTED else 200), _upload_out(
        upload
    )


@router.get(
    "/uploads/{int:pk}", response={200: UploadOut, **E}, operation_id="get_upload"
)
def get_upload(request: HttpRequest, pk: int) -> UploadOut:
    require(request, *VIEWERS)
    upload = access.get_upload_for_user(request, pk)
    record(request, Action.READ, "upload", pk, organisation=upload.organisation_id)
    return _upload_out(upload)


@router.get("/templates/{kind}", response={200: None, **E}, operation_id="get_template")
def get_template(request: HttpRequest, kind: KindName) -> HttpResponse:
    """The Excel template of a kind (drop-down lists for every coded field)."""
    require(request, *VIEWERS)
    record(request, Action.DOWNLOAD, "template", kind)
    response = HttpResponse(
        excel_template(Kind(kind)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="palermo-{kind}-template.xlsx"'
    )
    return response


def _saved(
    request: HttpRequest, organisation_id: str, kind: str
) -> tuple[object, SavedMapping | None]:
    require(request, Role.SUBMITTER, Role.ADMINISTRATOR)
    organisation = access.get_organisation_for_user(request, organisation_id)
    return organisation, SavedMapping.objects.filter(
        organisation=organisation, kind=kind
    ).first()


@router.get(
    "/mappings/{organisation_id}/{kind}",
    response={200: MappingOut, **E},
    operation_id="get_mapping",
)
def get_mapping(
    request: HttpRequest, organisation_id: str, kind: KindName
) -> MappingOut:
    organisation, saved = _saved(request, organisation_id, kind)
    if saved is None:
        raise Http404
    record(
        request,
        Action.READ,
        "mapping",
        f"{organisation.pk}/{kind}",
        organisation=organisation.pk,
    )  # type: ignore[attr-defined]
    return MappingOut(
        organisation=saved.organisation_id,
        kind=saved.kind,
        text=saved.text,
        updated_at=saved.updated_at,
        updated_by=saved.updated_by,
    )


@router.put(
    "/mappings/{organisation_id}/{kind}",
    response={200: MappingOut, **E},
    operation_id="put_mapping",
)
def put_mapping(
    request: HttpRequest, organisation_id: str, kind: KindName, body: MappingIn
) -> object:
    organisation, _saved_mapping = _saved(request, organisation_id, kind)
    problem = check_mapping(body.text)
    if problem:
        return 422, {"error": problem, "issues": []}
    saved, _created = SavedMapping.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        defaults={
            "text": body.text,
            "updated_at": timezone.now(),
            "updated_by": request.user.get_username(),
        },
    )
    record(
        request,
        Action.UPDATE,
        "mapping",
        f"{saved.organisation_id}/{kind}",
        organisation=saved.organisation_id,
    )
    return MappingOut(
        organisation=saved.organisation_id,
        kind=saved.kind,
        text=saved.text,
        updated_at=saved.updated_at,
        updated_by=saved.updated_by,
    )
