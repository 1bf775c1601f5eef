"""Another organisation's caseworker gets nothing of a case: every URL, tried one by one.

The NGO owns a case referred to the competent authority, with a referral for legal
help to the authority. The police's caseworker is a real, logged-in caseworker, so each
refusal is the case's own access rule, not a missing role. Pages any caseworker opens
(the list, screening) must show nothing of the NGO's case. The last test fails when a
URL of the cases has no entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from palermo_web.audit.models import AuditEvent
from palermo_web.cases import referrals
from palermo_web.cases.models import Case, CaseEvent, Identity, Referral
from tests.palermo_web.cases.urls import CASE_URLS, CaseUrl
from tests.palermo_web.cases.world import IDENTITY, register_case, request_by
from tests.palermo_web.personas import logged_in
from tests.palermo_web.security.test_outsiders import _names, api_operations

pytestmark = pytest.mark.django_db


@dataclass
class World:
    case: int
    referral: int


@pytest.fixture
def world(caseworker: Any, authority_org: Any, police_org: Any) -> World:
    case = register_case(caseworker, authority_org=authority_org)
    referral = referrals.refer(
        request_by(caseworker), case, authority_org, service="legal"
    )
    return World(case.pk, referral.pk)


def _request(client: Client, url: CaseUrl, world: World) -> Any:
    call = getattr(client, url.method)
    if url.json:
        return call(url.path(world), url.data or {}, content_type="application/json")
    return call(url.path(world), url.data or {})


def _fingerprint(world: World) -> tuple[Any, ...]:
    case = Case.objects.get(pk=world.case)
    return (
        case.status,
        case.owner_id,
        case.age_status,
        case.erased_at,
        CaseEvent.objects.filter(case=case).count(),
        Identity.objects.get(case=case).family_names,
        tuple(Referral.objects.values_list("state", flat=True).order_by("pk")),
        Referral.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(CASE_URLS))
def test_another_organisations_caseworker_gets_nothing_of_the_case(
    name: str, world: World, foreign_caseworker: Any
) -> None:
    url = CASE_URLS[name]
    before = _fingerprint(world)
    response = _request(logged_in(foreign_caseworker), url, world)
    if url.own:
        assert response.status_code < 500
        text = response.content.decode(errors="replace")
        reference = Case.objects.get(pk=world.case).reference
        for marker in (reference, IDENTITY["family_names"], "ngo-lyon"):
            assert marker not in text
    else:
        assert response.status_code in {403, 404}, response.status_code
    assert _fingerprint(world) == before


def test_a_refused_case_is_audited_as_a_refusal(
    world: World, foreign_caseworker: Any
) -> None:
    logged_in(foreign_caseworker).get(f"/cases/{world.case}/")
    refusal = AuditEvent.objects.filter(
        action="denied", object_type="case", object_id=str(world.case)
    ).get()
    assert refusal.actor == foreign_caseworker.username


def test_every_url_of_the_cases_has_a_cross_organisation_case() -> None:
    from palermo_web.cases.api import router

    ours = {n for n in _names(get_resolver().url_patterns) if n.startswith("cases:")}
    assert sorted((ours | api_operations(router)) - set(CASE_URLS)) == []
