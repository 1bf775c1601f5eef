"""Administrators: organisations, people and the audit log."""

from __future__ import annotations

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from palermo.errors import PalermoError
from palermo_web.accounts.models import ORGANISATION_ROLES, Profile, Role
from palermo_web.api.common import require
from palermo_web.api.schemas import (
    AuditEventOut,
    ErrorOut,
    OrganisationIn,
    OrganisationOut,
    UserIn,
    UserOut,
)
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.audit.query import EXPORT_COLUMNS, filter_events
from palermo_web.audit.views import _cell
from palermo_web.organisations.models import Organisation
from palermo_web.organisations.services import add_organisation

router = Router(tags=["administration"])
E = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _org_out(o: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=o.pk, name=o.name, organisation_type=o.organisation_type, country=o.country
    )


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **E},
    operation_id="list_organisations",
)
def list_organisations(request: HttpRequest) -> list[OrganisationOut]:
    require(request, Role.ADMINISTRATOR)
    return [_org_out(o) for o in Organisation.objects.order_by("pk")]


@router.post(
    "/organisations",
    response={201: OrganisationOut, **E},
    operation_id="create_organisation",
)
def create_organisation(request: HttpRequest, body: OrganisationIn) -> object:
    require(request, Role.ADMINISTRATOR)
    try:
        organisation = add_organisation(
            body.id,
            name=body.name,
            organisation_type=body.organisation_type,
            country=body.country,
        )
    except PalermoError as error:
        return 422, {"error": error.message, "issues": []}
    record(
        request,
        Action.CREATE,
        "organisation",
        organisation.pk,
        organisation=organisation.pk,
    )
    return 201, _org_out(organisation)


def _user_out(user: object) -> UserOut:
    profile = Profile.objects.filter(user=user).first()
    return UserOut(
        id=user.pk,
        username=user.get_username(),
        active=user.is_active,  # type: ignore[attr-defined]
        role=profile.role if profile else None,
        organisation=profile.organisation_id if profile else None,
    )


@router.get("/users", response={200: list[UserOut], **E}, operation_id="list_users")
def list_users(request: HttpRequest) -> list[UserOut]:
    require(request, Role.ADMINISTRATOR)
    return [_user_out(u) for u in get_user_model().objects.order_by("username")]


@router.post("/users", response={201: UserOut, **E}, operation_id="create_user")
def create_user(request: HttpRequest, body: UserIn) -> object:
    require(request, Role.ADMINISTRATOR)
    User = get_user_model()
    organisation = None
    if body.role in ORGANISATION_ROLES:
        organisation = Organisation.objects.filter(pk=body.organisation or "").first()
        if organisation is None:
            return 422, {
                "error": "this role needs an existing organisation",
                "issues": [],
            }
    if User.objects.filter(username__iexact=body.username).exists():
        return 422, {"error": "this user name is taken", "issues": []}
    try:
        validate_password(body.password)
    except ValidationError as error:
        return 422, {
            "error": "the password is too weak",
            "issues": [{"message": m} for m in error.messages],
        }
    with transaction.atomic():
        user = User.objects.create_user(
            username=body.username, email=body.email, password=body.password
        )
        Profile.objects.create(user=user, role=body.role, organisation=organisation)
    record(request, Action.CREATE, "user", user.pk, detail={"role": body.role})
    return 201, _user_out(user)


class AuditFilters(Schema):
    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    organisation: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 200


@router.get(
    "/audit", response={200: list[AuditEventOut], **E}, operation_id="list_audit_events"
)
def list_audit_events(
    request: HttpRequest, filters: Query[AuditFilters]
) -> list[AuditEventOut]:
    require(request, Role.ADMINISTRATOR)
    params = {k: v for k, v in filters.dict().items() if isinstance(v, str)}
    events, _used = filter_events(params)
    limit = min(max(filters.limit, 1), 1000)
    return [AuditEventOut.from_orm(e) for e in events[:limit]]


@router.get(
    "/audit/export", response={200: None, **E}, operation_id="export_audit_events"
)
def export_audit_events(
    request: HttpRequest, filters: Query[AuditFilters]
) -> HttpResponse:
    """The audit log as CSV (the same filters as the list)."""
    require(request, Role.ADMINISTRATOR)
    params = {k: v for k, v in filters.dict().items() if isinstance(v, str)}
    events, used = filter_events(params)
    record(request, Action.EXPORT, "audit_log", detail={"filters": used})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        writer.writerow([_cell(getattr(event, c)) for c in EXPORT_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
