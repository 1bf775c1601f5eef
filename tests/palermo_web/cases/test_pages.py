"""The caseworker's pages: list, screening, registration, a case and its steps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from palermo.referral import AgeStatus, CaseState
from palermo_web.audit.models import AuditEvent
from palermo_web.cases.models import Case, Identity
from tests.palermo_web.cases.world import IDENTITY, decide, register_case
from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db
S = CaseState


def test_the_case_list_shows_our_cases_and_their_next_deadline(
    caseworker: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    page = logged_in(caseworker).get("/cases/")
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text
    assert "Popescu" not in text  # lists never show identities


def test_screening_gives_the_outcome_and_carries_it_to_registration(
    caseworker: Any, authority_org: Any
) -> None:
    client = logged_in(caseworker)
    assert client.get("/cases/screening/").status_code == 200
    answers = {
        "profile": "adult_labour",
        "answer-D1.nature_of_job": "present",
        "answer-D1.conditions_of_work": "present",
        "answer-D4.excessive_hours": "present",
        "answer-D4.labour_law_not_respected": "present",
        "answer-D5.confiscation_of_documents": "present",
        "answer-D5.debt_bondage": "present",
    }
    page = client.post("/cases/screening/", answers)
    assert page.status_code == 200
    assert page.context["result"]["outcome"] == "presumed_victim"
    carried = json.loads(page.context["screening_json"])
    form = client.get("/cases/new/", {"screening": page.context["screening_json"]})
    assert form.status_code == 200
    created = client.post(
        "/cases/new/",
        {
            "age_status": "adult",
            "age": "31",
            "sex": "female",
            "citizenship": "NG",
            "forms_of_exploitation": ["labour"],
            "country_of_exploitation": "FR",
            "recruitment_country": "NG",
            "unaccompanied_minor": "unknown",
            "consent_referral": "yes",
            "consent_data_sharing": "yes",
            "refer_now": "on",
            "competent_authority": authority_org.pk,
            "family_names": "Okafor",
            "screening": json.dumps(carried),
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    case = Case.objects.get()
    assert case.status == S.REFERRED
    assert case.screening["result"]["outcome"] == "presumed_victim"
    assert "Okafor" not in json.dumps(case.screening)
    assert "Okafor" not in Identity.objects.get(case=case).family_names
    detail = client.get(created["Location"])
    assert "Okafor" in detail.content.decode()


def test_a_sexual_exploitation_list_that_is_not_transcribed_says_so(
    caseworker: Any,
) -> None:
    page = logged_in(caseworker).get("/cases/screening/", {"profile": "adult_sexual"})
    assert page.status_code == 200
    assert "not transcribed" in page.content.decode()


def test_the_prompt_sheet_prints_in_french(caseworker: Any) -> None:
    client = logged_in(caseworker)
    client.post("/language/", {"language": "fr"})
    sheet = client.get(
        "/cases/screening/sheets/adult_labour/", {"form": "border_guard"}
    )
    assert sheet.status_code == 200
    assert "Trompé(e)" in sheet.content.decode()


def test_a_registration_with_an_inconsistent_age_is_refused_and_nothing_is_stored(
    caseworker: Any, authority_org: Any
) -> None:
    page = logged_in(caseworker).post(
        "/cases/new/",
        {
            "age_status": "adult",
            "age": "15",
            "sex": "female",
            "citizenship": "FR",
            "country_of_exploitation": "FR",
            "recruitment_country": "FR",
            "unaccompanied_minor": "unknown",
            "competent_authority": authority_org.pk,
        },
    )
    assert page.status_code == 400
    assert "registered as a child" in page.content.decode()
    assert not Case.objects.exists()


def test_the_case_page_shows_deadlines_moves_and_the_person(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    page = logged_in(authority).get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "First (reasonable-grounds) decision" in text
    assert IDENTITY["family_names"] in text
    assert AuditEvent.objects.filter(
        object_type="case", object_id=str(case.pk), action="read"
    ).exists()


def test_a_caseworker_moves_a_case_from_its_page(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    client = logged_in(authority)
    done = client.post(f"/cases/{case.pk}/move/", {"to": "first_decision_pending"})
    assert done.status_code == 302
    refused = client.post(
        f"/cases/{case.pk}/move/", {"to": "reasonable_grounds_negative"}, follow=True
    )
    assert "needs a reason" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == S.FIRST_DECISION_PENDING


def test_the_childs_path_from_the_page(caseworker: Any, authority_org: Any) -> None:
    case = register_case(
        caseworker,
        age_status=AgeStatus.UNCERTAIN,
        consent=None,
        authority_org=authority_org,
        age=None,
    )
    client = logged_in(caseworker)
    assert client.post(f"/cases/{case.pk}/guardian/", {}).status_code == 302
    assert (
        client.post(f"/cases/{case.pk}/best-interests/", {"note": "stay"}).status_code
        == 302
    )
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="guardian">yes' in page
    assert 'id="best-interests">yes' in page


def test_a_decision_letter_for_a_child_waits_for_a_guardian(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(
        caseworker,
        age_status=AgeStatus.CHILD,
        consent=None,
        authority_org=authority_org,
        age=15,
    )
    case = decide(
        case, authority, S.FIRST_DECISION_PENDING, S.REASONABLE_GROUNDS_POSITIVE
    )
    seq = case.events.get(state="reasonable_grounds_positive").seq
    client = logged_in(caseworker)
    blocked = client.get(f"/cases/{case.pk}/letters/{seq}/")
    assert blocked.status_code == 409
    client.post(f"/cases/{case.pk}/guardian/", {})
    letter = client.get(f"/cases/{case.pk}/letters/{seq}/").content.decode()
    assert "guardian or representative" in letter
    assert IDENTITY["family_names"] not in letter


def test_an_adults_decision_letter_is_addressed_to_them(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    case = decide(
        case, authority, S.FIRST_DECISION_PENDING, S.REASONABLE_GROUNDS_POSITIVE
    )
    seq = case.events.get(state="reasonable_grounds_positive").seq
    letter = logged_in(authority).get(f"/cases/{case.pk}/letters/{seq}/")
    assert "Ana Maria Popescu" in letter.content.decode()


def test_the_case_page_reads_in_french_with_the_cores_words(
    caseworker: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    client = logged_in(caseworker)
    client.post("/language/", {"language": "fr"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Orientée" in page
    assert "Première décision (motifs raisonnables)" in page
    assert "Échéances" in page


def test_every_state_reads_in_french_as_the_core_names_it() -> None:
    from django.utils import translation

    from palermo_web.cases.models import Status

    with translation.override("fr"):
        assert {s.value: str(s.label) for s in Status} == {
            s.value: s.label("fr") for s in CaseState
        }
