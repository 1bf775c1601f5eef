"""Directive 2004/81/EC beside the case, and the cases API end to end."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.referral import CaseState, Role, TransitionRefused
from palermo_web.cases import referrals, services
from palermo_web.cases.nrm import set_roles
from tests.palermo_web.cases.world import register_case, request_by
from tests.palermo_web.factories import OrganisationFactory
from tests.palermo_web.personas import logged_in, person

pytestmark = pytest.mark.django_db
S = CaseState


@pytest.fixture
def immigration(db: None) -> Any:
    from palermo_web.accounts.models import Role as HubRole

    org = OrganisationFactory(
        id="prefecture", name="Préfecture (séjour)", organisation_type="immigration"
    )
    set_roles(org, {Role.IMMIGRATION_AUTHORITY})
    return org, person("ines", HubRole.CASEWORKER, org)


def test_a_third_country_national_gets_a_permit_of_at_least_six_months(
    caseworker: Any, authority_org: Any, immigration: Any
) -> None:
    org, officer = immigration
    case = register_case(caseworker, authority_org=authority_org, citizenship="NG")
    referral = referrals.refer(request_by(caseworker), case, org, service="residence")
    referrals.respond(request_by(officer), referral, "accept")
    services.record_permit(request_by(officer), case, "application_pending")
    with pytest.raises(TransitionRefused, match="at least 6 months"):
        services.record_permit(request_by(officer), case, "granted", months=3)
    services.record_permit(request_by(officer), case, "granted", months=12)
    client = logged_in(officer)
    shown = client.get(f"/api/cases/{case.pk}/deadlines").json()
    assert [d["kind"] for d in shown if d["kind"] == "permit_expiry"] == [
        "permit_expiry"
    ]
    assert next(d for d in shown if d["kind"] == "permit_expiry")["amount"] == 12


def test_an_eu_citizen_is_not_covered_by_the_directive(
    caseworker: Any, authority_org: Any, authority: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org, citizenship="RO")
    with pytest.raises(TransitionRefused, match="third-country nationals only"):
        services.record_permit(request_by(authority), case, "reflection_period")


def test_a_caseworker_registers_refers_and_follows_a_case_through_the_api(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    client = logged_in(caseworker)
    created = client.post(
        "/api/cases",
        {
            "age_status": "uncertain",
            "sex": "male",
            "citizenship": "AF",
            "forms_of_exploitation": ["begging"],
            "unaccompanied_minor": "yes",
            "competent_authority": authority_org.pk,
            "identity": {"given_names": "Ahmad"},
            "screening": {
                "profile": "child_labour",
                "form": "border_guard",
                "answers": {},
            },
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["age_status"]) == ("referred", "uncertain")
    assert "Ahmad" not in created.content.decode()  # identity only on request
    identity = client.get(f"/api/cases/{body['id']}/identity").json()
    assert identity["given_names"] == "Ahmad"
    decided = logged_in(authority).post(
        f"/api/cases/{body['id']}/moves",
        {"to": "first_decision_pending"},
        content_type="application/json",
    )
    assert decided.json()["status"] == "first_decision_pending"
    refused = logged_in(authority).post(
        f"/api/cases/{body['id']}/moves",
        {"to": "reasonable_grounds_negative"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["issues"][0]["message"].endswith("needs a reason")
    guardian = client.post(
        f"/api/cases/{body['id']}/guardian", {}, content_type="application/json"
    )
    assert guardian.json()["guardian_appointed"] is True


def test_the_api_refuses_a_move_by_a_reader_who_may_not_change_the_case(
    caseworker: Any, shelter: Any, shelter_org: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    referrals.refer(request_by(caseworker), case, shelter_org, service="legal")
    client = logged_in(shelter)
    assert client.get(f"/api/cases/{case.pk}").json()["can_write"] is False
    refused = client.post(
        f"/api/cases/{case.pk}/moves",
        {"to": "exit", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json() == {"error": "not allowed", "issues": []}


def test_the_case_list_api_refuses_a_window_or_state_it_cannot_answer(
    caseworker: Any,
) -> None:
    client = logged_in(caseworker)
    assert client.get("/api/cases", {"offset": str(10**20)}).status_code == 422
    assert client.get("/api/cases", {"limit": "0"}).status_code == 422
    assert client.get("/api/cases", {"state": "nowhere"}).status_code == 422
    assert client.get("/api/cases", {"offset": str(10**9)}).json() == []
    assert client.get("/api/cases", {"state": "referred"}).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "0" * 17),  # PostgreSQL refused this one with a 500 (varchar(16))
        ("sex", "woman"),
        ("citizenship", "Atlantis"),
        ("country_of_exploitation", "XX"),
        ("recruitment_country", "x" * 40),
        ("forms_of_exploitation", ["begging", "nonsense"]),
    ],
)
def test_the_api_registers_only_the_codes_the_form_offers(
    caseworker: Any, field: str, value: object
) -> None:
    body = {"age_status": "adult", field: value}
    refused = logged_in(caseworker).post(
        "/api/cases", body, content_type="application/json"
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["error"]
    assert field in refused.content.decode()
