"""The API's request and response shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from palermo_web.runs.models import LINK_THRESHOLD_MAX, LINK_THRESHOLD_MIN

KindName = Literal["victims", "suspects", "proceedings"]
RoleName = Literal["submitter", "analyst", "caseworker", "administrator"]


class ErrorOut(Schema):
    error: str
    issues: list[dict[str, Any]]


class MeOut(Schema):
    username: str
    role: str
    organisation: str | None
    language: str


class OrganisationIn(Schema):
    id: str = Field(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)
    organisation_type: str = Field(..., min_length=1, max_length=64)
    country: str | None = Field(None, max_length=2)


class OrganisationOut(Schema):
    id: str
    name: str
    organisation_type: str
    country: str


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    email: str = Field("", max_length=254)
    role: RoleName
    organisation: str | None = Field(None, max_length=64)
    password: str = Field(..., min_length=1, max_length=200)


class UserOut(Schema):
    id: int
    username: str
    role: str | None
    organisation: str | None
    active: bool


class SubmissionOut(Schema):
    id: int
    organisation: str
    kind: str
    reference_period: int
    version: int
    status: str
    row_count: int
    checksum: str
    file_name: str
    submitted_by: str
    submitted_at: datetime
    encoded: bool
    key_fingerprint: str = ""


class IssueOut(Schema):
    row: int | None = None
    column: str | None = None
    value: Any = None
    code: str
    severity: str
    message: str


class UploadOut(Schema):
    id: int
    organisation: str
    kind: str
    reference_period: int
    file_name: str
    file_format: str
    outcome: str
    message: str
    rows: int | None
    submission: int | None
    issues: list[IssueOut]


class MappingIn(Schema):
    text: str = Field(..., max_length=200_000)


class MappingOut(Schema):
    organisation: str
    kind: str
    text: str
    updated_at: datetime
    updated_by: str


class RunIn(Schema):
    period: int = Field(..., ge=1900, le=2100)
    threshold: float | None = Field(
        None,
        ge=LINK_THRESHOLD_MIN,
        le=LINK_THRESHOLD_MAX,
        description="Linkage threshold: match probability at which two records are "
        "one person (default 0.9).",
    )


class ClericalOut(Schema):
    period: int
    same: int
    not_same: int
    sha256: str


class RunOut(Schema):
    id: int
    period: int
    version: int
    status: str
    stage: str
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
    threshold: float | None
    stages: list[dict[str, Any]]
    outputs: list[dict[str, Any]]


class DashboardOut(Schema):
    period: int
    run: int
    summary: dict[str, Any]


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    organisation: str
    ip: str | None
    path: str
