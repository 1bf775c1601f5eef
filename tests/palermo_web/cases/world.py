"""The referral mechanism of the cases tests: who plays which part, and cases in it.

The NGO (ngo-lyon) detects and manages cases; the competent authority decides; a
shelter provides services; the police (police-paris) are another organisation whose
caseworker must see nothing. Cases are made through the same services the pages call,
from a request made by the acting person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import RequestFactory

from palermo.referral import AgeStatus, CaseState, Role
from palermo_web.accounts.models import Role as HubRole
from palermo_web.cases import registration, services
from palermo_web.cases.nrm import set_roles
from tests.palermo_web.factories import OrganisationFactory
from tests.palermo_web.personas import person

# Test keys only (Fernet.generate_key()); never used outside tests.
TEST_KEYS = [
    "hVRZrKNbgsxi6E4QdiSWmWukNliDMjirT_XMJ76xHqs=",
    "uz8lUNU0BkUgBydLPvjafe1tyZgY0ORyJDmfCy7cm0w=",
]
PARIS_TIME = "Europe/Paris"


@pytest.fixture(autouse=True)
def case_keys(settings: Any) -> list[str]:
    settings.PALERMO_CASE_KEYS = TEST_KEYS[:1]
    return settings.PALERMO_CASE_KEYS


@pytest.fixture(autouse=True)
def nrm_country(settings: Any) -> None:
    settings.PALERMO_COUNTRY = "FR"
    settings.TIME_ZONE = PARIS_TIME
    settings.PALERMO_REFERRAL_CONFIG = ""


@pytest.fixture
def authority_org(db: None) -> Any:
    org = OrganisationFactory(
        id="nrm-authority",
        name="Autorité nationale d'identification",
        organisation_type="police",
    )
    set_roles(org, {Role.COMPETENT_AUTHORITY})
    return org


@pytest.fixture
def shelter_org(db: None) -> Any:
    return OrganisationFactory(
        id="shelter-marseille", name="Foyer marseillais", organisation_type="ngo"
    )


@pytest.fixture
def authority(authority_org: Any) -> Any:
    return person("alex", HubRole.CASEWORKER, authority_org)


@pytest.fixture
def shelter(shelter_org: Any) -> Any:
    return person("sami", HubRole.CASEWORKER, shelter_org)


@pytest.fixture
def foreign_caseworker(police_org: Any) -> Any:
    return person("paul", HubRole.CASEWORKER, police_org)


def request_by(user: Any, path: str = "/cases/") -> Any:
    """A request made by ``user``, as a view would receive it."""
    request = RequestFactory().post(path)
    request.user = user
    return request


IDENTITY = {
    "given_names": "Ana Maria",
    "family_names": "Popescu",
    "date_of_birth": "1999-04-02",
    "place_of_birth": "Iasi",
    "document_number": "RO1234567",
}


def register_case(
    by: Any,
    *,
    age_status: AgeStatus = AgeStatus.ADULT,
    consent: bool | None = True,
    data_sharing: bool | None = True,
    authority_org: Any = None,
    at: datetime | None = None,
    citizenship: str = "RO",
    age: int | None = 25,
    refer_now: bool = True,
    identity: dict[str, str] | None = None,
) -> Any:
    """Register a case through the registration service, as ``by``."""
    return registration.register(
        request_by(by),
        registration.Registration(
            age_status=age_status,
            sex="female",
            age=age,
            citizenship=citizenship,
            forms_of_exploitation=["labour"],
            consent_referral=consent,
            consent_data_sharing=data_sharing,
            refer_now=refer_now,
            competent_authority=authority_org,
            identity=IDENTITY if identity is None else identity,
            screening=registration.screen(
                "adult_labour", {"D1.nature_of_job": "present"}
            ),
            detected_at=at,
        ),
    )


def decide(case: Any, by: Any, *targets: CaseState, at: datetime | None = None) -> Any:
    """Move ``case`` through ``targets`` as ``by`` (reasons given where needed)."""
    for target in targets:
        case = services.move(request_by(by), case, target, reason="reasons", at=at)
    return case
