"""Referrals and transfers, Primero's way: access without ownership, or ownership."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.referral import AgeStatus, CaseState, TransitionRefused
from palermo_web.cases import referrals, services
from palermo_web.cases.access import acting_roles, can_write, cases_for
from palermo_web.cases.models import Referral
from tests.palermo_web.cases.world import decide, register_case, request_by
from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db
S = CaseState


@pytest.fixture
def case(caseworker: Any, authority_org: Any) -> Any:
    return register_case(caseworker, authority_org=authority_org)


def test_a_service_referral_gives_access_without_ownership(
    case: Any, caseworker: Any, shelter: Any, shelter_org: Any
) -> None:
    assert not cases_for(shelter).filter(pk=case.pk).exists()
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="accommodation"
    )
    assert cases_for(shelter).filter(pk=case.pk).exists()
    assert not can_write(shelter, case)  # pending: read only, to decide
    referrals.respond(request_by(shelter), referral, "accept")
    assert can_write(shelter, case)
    assert "support_provider" in {r.value for r in acting_roles(shelter, case)}
    case.refresh_from_db()
    assert case.owner_id == "ngo-lyon"


def test_a_rejected_referral_takes_the_access_back_and_keeps_its_reason(
    case: Any, caseworker: Any, shelter: Any, shelter_org: Any
) -> None:
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="accommodation"
    )
    with pytest.raises(TransitionRefused, match="needs a reason"):
        referrals.respond(request_by(shelter), referral, "reject")
    referrals.respond(request_by(shelter), referral, "reject", reason="no room")
    assert referral.reason == "no room"
    assert not cases_for(shelter).filter(pk=case.pk).exists()


def test_a_service_is_done_with_its_outcome_and_why_it_failed(
    case: Any, caseworker: Any, shelter: Any, shelter_org: Any
) -> None:
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="medical"
    )
    with pytest.raises(TransitionRefused, match="only an accepted"):
        referrals.respond(request_by(shelter), referral, "done", outcome="successful")
    referrals.respond(request_by(shelter), referral, "accept")
    with pytest.raises(TransitionRefused, match="why the service was not successful"):
        referrals.respond(
            request_by(shelter), referral, "done", outcome="not_successful"
        )
    referrals.respond(
        request_by(shelter),
        referral,
        "done",
        outcome="not_successful",
        reason_not_successful="lack_of_capacity",
    )
    assert (referral.state, referral.reason_not_successful) == (
        Referral.State.DONE,
        "lack_of_capacity",
    )
    assert cases_for(shelter).filter(pk=case.pk).exists()
    assert not can_write(shelter, case)


def test_a_transfer_makes_the_receiver_the_owner_and_the_old_owner_loses_access(
    caseworker: Any, shelter: Any, shelter_org: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    transfer = referrals.refer(
        request_by(caseworker), case, shelter_org, kind="transfer"
    )
    with pytest.raises(TransitionRefused, match="already pending"):
        referrals.refer(request_by(caseworker), case, shelter_org, kind="transfer")
    referrals.respond(request_by(shelter), transfer, "accept")
    case.refresh_from_db()
    assert case.owner_id == shelter_org.pk
    assert not cases_for(caseworker).filter(pk=case.pk).exists()
    assert can_write(shelter, case)


def test_only_the_receiver_answers_and_only_the_sender_revokes(
    case: Any, caseworker: Any, shelter: Any, shelter_org: Any
) -> None:
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="legal"
    )
    with pytest.raises(TransitionRefused, match="only the receiving"):
        referrals.respond(request_by(caseworker), referral, "accept")
    with pytest.raises(TransitionRefused, match="only the referring"):
        referrals.respond(request_by(shelter), referral, "revoke")
    referrals.respond(request_by(caseworker), referral, "revoke")
    assert not cases_for(shelter).filter(pk=case.pk).exists()


def test_an_adult_is_referred_to_services_only_with_consent_to_data_sharing(
    caseworker: Any, shelter_org: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org, data_sharing=None)
    with pytest.raises(TransitionRefused, match="consent to data sharing"):
        referrals.refer(request_by(caseworker), case, shelter_org, service="legal")
    services.set_consent(request_by(caseworker), case, referral=True, data_sharing=True)
    case.refresh_from_db()
    referrals.refer(request_by(caseworker), case, shelter_org, service="legal")


def test_a_childs_case_is_shared_in_their_best_interests_without_consent(
    caseworker: Any, shelter_org: Any, authority_org: Any
) -> None:
    case = register_case(
        caseworker,
        age_status=AgeStatus.CHILD,
        consent=None,
        data_sharing=None,
        authority_org=authority_org,
        age=14,
    )
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="child_protection"
    )
    assert referral.consent_overridden


def test_a_support_provider_closes_support_once_accepted(
    caseworker: Any, authority: Any, shelter: Any, shelter_org: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    case = decide(
        case,
        authority,
        S.FIRST_DECISION_PENDING,
        S.REASONABLE_GROUNDS_POSITIVE,
        S.RECOVERY_PERIOD,
        S.CONCLUSIVE_DECISION_PENDING,
        S.CONCLUSIVE_POSITIVE,
    )
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="accommodation"
    )
    referrals.respond(request_by(shelter), referral, "accept")
    case = decide(case, shelter, S.SUPPORT, S.EXIT)
    assert case.status == S.EXIT


def test_a_referral_is_answered_from_the_case_list(
    case: Any, caseworker: Any, shelter: Any, shelter_org: Any
) -> None:
    referral = referrals.refer(
        request_by(caseworker), case, shelter_org, service="legal"
    )
    client = logged_in(shelter)
    assert case.reference in client.get("/cases/").content.decode()
    client.post(f"/cases/referrals/{referral.pk}/accept/")
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED
