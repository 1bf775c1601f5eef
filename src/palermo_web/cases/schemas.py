"""The cases API's request and response bodies (django-ninja schemas).

Every free-text field has a length limit, so that no request can store an unbounded note.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from palermo.standard import load_codelist


def _note() -> Any:
    return Field("", max_length=2000)


def _coded(value: str, codelist: str) -> str:
    # The registration form offers these lists; the API accepts the same codes, so
    # that a case's statistics are codes the tables and the Eurostat export know.
    if value != "unknown" and value not in {
        c.code for c in load_codelist(codelist).codes
    }:
        raise ValueError(f"not a code of the {codelist} list (or unknown)")
    return value


class ScreeningIn(Schema):
    profile: str = Field(..., max_length=32)
    form: str | None = Field(None, max_length=32)
    answers: dict[str, str] = {}


class CaseIn(Schema):
    age_status: Literal["adult", "child", "uncertain"]
    sex: str = "unknown"
    age: int | None = Field(None, ge=0, le=120)
    citizenship: str = "unknown"
    forms_of_exploitation: list[str] = ["unknown"]
    country_of_exploitation: str = "unknown"
    recruitment_country: str = "unknown"
    unaccompanied_minor: Literal["yes", "no", "unknown"] = "unknown"
    consent_referral: bool | None = None
    consent_data_sharing: bool | None = None
    refer_now: bool = True
    competent_authority: str | None = None
    identity: dict[str, str] = {}
    screening: ScreeningIn | None = None

    @field_validator("sex")
    @classmethod
    def _sex(cls, value: str) -> str:
        return _coded(value, "sex")

    @field_validator("citizenship", "country_of_exploitation", "recruitment_country")
    @classmethod
    def _country(cls, value: str) -> str:
        return _coded(value, "country")

    @field_validator("forms_of_exploitation")
    @classmethod
    def _forms(cls, value: list[str]) -> list[str]:
        return [_coded(form, "exploitation") for form in value]


class IdentityIn(Schema):
    given_names: str = Field("", max_length=200)
    family_names: str = Field("", max_length=200)
    date_of_birth: date | None = None
    place_of_birth: str = Field("", max_length=200)
    document_number: str = Field("", max_length=100)


class MoveIn(Schema):
    to: str = Field(..., max_length=40)
    reason: str = _note()
    at: datetime | None = None
    competent_authority: str | None = None


class ConsentIn(Schema):
    referral: bool
    data_sharing: bool | None = None


class AgeIn(Schema):
    age_status: Literal["adult", "child", "uncertain"]
    age: int | None = Field(None, ge=0, le=120)
    reason: str = _note()


class NoteIn(Schema):
    note: str = _note()
    at: datetime | None = None


class ExtendIn(Schema):
    days: int = Field(..., ge=1, le=3650)
    reason: str = Field(..., min_length=1, max_length=2000)


class PermitIn(Schema):
    to: str = Field(..., max_length=24)
    months: int | None = Field(None, ge=1, le=120)
    reason: str = _note()


class ReferIn(Schema):
    to_organisation: str = Field(..., max_length=64)
    kind: Literal["service", "transfer"] = "service"
    service: str = Field("", max_length=20)
    note: str = _note()


class RespondIn(Schema):
    reason: str = _note()
    outcome: str = ""
    reason_not_successful: str = ""


class PeriodIn(Schema):
    period: int = Field(..., ge=1900, le=2100)


class CaseSummaryOut(Schema):
    id: int
    reference: str
    status: str
    age_status: str
    owner: str
    registered_at: datetime
    next_deadline_kind: str
    next_deadline_due: datetime | None
    alert: bool


class CaseOut(CaseSummaryOut):
    competent_authority: str | None
    can_write: bool
    acting_as: list[str]
    consent_referral: bool | None
    consent_data_sharing: bool | None
    sex: str
    age: int | None
    citizenship: str
    forms_of_exploitation: list[str]
    unaccompanied_minor: str
    screening: dict[str, Any]
    events: list[dict[str, Any]]
    permits: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    guardian_appointed: bool
    best_interests_assessed: bool
    erased: bool


class ReferralOut(Schema):
    id: int
    case: int
    kind: str
    service: str
    from_organisation: str
    to_organisation: str
    state: str
    reason: str
    outcome: str
    reason_not_successful: str
    created_at: datetime
