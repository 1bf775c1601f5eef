"""Every page and API endpoint, tried by an outsider: another organisation's submitter.

The outsider is a real, logged-in submitter (of the police), so every refusal here is
an object-level or role-level decision, not a missing log-in. Pages any submitter may use
(their own account, their own list) must show nothing of the NGO. The last test walks
every URL pattern of the hub and fails when one has no case here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from palermo_web.accounts.models import ApiToken
from palermo_web.audit.models import AuditEvent
from palermo_web.cases import referrals
from palermo_web.portal.models import SavedMapping, Upload
from palermo_web.runs.models import Run
from tests.palermo_web.cases.urls import CASE_URLS
from tests.palermo_web.cases.world import register_case, request_by
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table

NGO_MARKERS = ("ngo-lyon", "Association lyonnaise", "V00001")


@dataclass
class World:
    submission: int
    upload: int
    run: int
    token: int
    user: int
    case: int = 0
    referral: int = 0


@pytest.fixture
def world(
    submitter: Any,
    analyst: Any,
    ngo_org: Any,
    outsider: Any,
    caseworker: Any,
    authority_org: Any,
) -> World:
    submission = store(ngo_org, victims_table(5))
    upload = Upload.objects.create(
        organisation=ngo_org,
        kind="victims",
        reference_period=2025,
        file_name="ngo.csv",
        file_format="csv",
        size=10,
        outcome="accepted",
        submission=submission,
        uploaded_by=submitter,
    )
    SavedMapping.objects.create(
        organisation=ngo_org, kind="victims", text="kind: victims\n"
    )
    run = Run.request(2025, analyst)
    token, _key = ApiToken.issue(submitter, "ngo robot")
    case = register_case(caseworker, authority_org=authority_org)
    referral = referrals.refer(
        request_by(caseworker), case, authority_org, service="legal"
    )
    return World(
        submission.pk,
        upload.pk,
        run.pk,
        token.pk,
        submitter.pk,
        case.pk,
        referral.pk,
    )


REFUSED = "refused"  # 403 or 404
OWN = "own"  # allowed, but nothing of the NGO shows
PUBLIC = "public"  # no data at all


@dataclass(frozen=True)
class Case:
    method: str
    path: Callable[[World], str]
    expect: str
    data: dict[str, Any] | None = None
    json: bool = False


CASES: dict[str, Case] = {
    "home": Case("get", lambda w: "/", OWN),
    "accounts:login": Case("get", lambda w: "/login/", PUBLIC),
    "accounts:logout": Case("post", lambda w: "/logout/", OWN),
    "accounts:account": Case("get", lambda w: "/account/", OWN),
    "accounts:two_factor": Case("get", lambda w: "/account/two-factor/", OWN),
    "accounts:revoke_token": Case(
        "post", lambda w: f"/account/tokens/{w.token}/revoke/", REFUSED
    ),
    "accounts:set_language": Case(
        "post", lambda w: "/language/", OWN, {"language": "fr"}
    ),
    "accounts:organisations": Case("get", lambda w: "/admin/organisations/", REFUSED),
    "accounts:users": Case("get", lambda w: "/admin/users/", REFUSED),
    "accounts:reset_two_factor": Case(
        "post", lambda w: f"/admin/users/{w.user}/reset-two-factor/", REFUSED
    ),
    "accounts:set_active": Case(
        "post", lambda w: f"/admin/users/{w.user}/active/", REFUSED, {"active": "0"}
    ),
    "accounts:unlock": Case(
        "post", lambda w: f"/admin/users/{w.user}/unlock/", REFUSED
    ),
    "portal:submissions": Case("get", lambda w: "/submissions/", OWN),
    "portal:upload": Case("get", lambda w: "/submissions/new/", OWN),
    "portal:upload_detail": Case(
        "get", lambda w: f"/submissions/uploads/{w.upload}/", REFUSED
    ),
    "portal:detail": Case("get", lambda w: f"/submissions/{w.submission}/", REFUSED),
    "portal:template": Case(
        "get", lambda w: "/submissions/templates/victims.xlsx", OWN
    ),
    "portal:mapping": Case(
        "get", lambda w: "/submissions/mappings/ngo-lyon/victims/", REFUSED
    ),
    "portal:mapping_download": Case(
        "get", lambda w: "/submissions/mappings/ngo-lyon/victims.yaml", REFUSED
    ),
    "runs:list": Case("get", lambda w: "/runs/", REFUSED),
    "runs:detail": Case("get", lambda w: f"/runs/{w.run}/", REFUSED),
    "runs:output": Case("get", lambda w: f"/runs/{w.run}/outputs/0/", REFUSED),
    "runs:clerical": Case("get", lambda w: "/runs/clerical/", REFUSED),
    "dashboard:index": Case("get", lambda w: "/dashboard/", REFUSED),
    "dashboard:period": Case("get", lambda w: "/dashboard/2025/", REFUSED),
    "audit:list": Case("get", lambda w: "/audit/", REFUSED),
    "audit:export": Case("get", lambda w: "/audit/export.csv", REFUSED),
    "static": Case("get", lambda w: "/static/palermo/hub.css", PUBLIC),
    "api:api-root": Case("get", lambda w: "/api/", PUBLIC),
    "api:openapi-json": Case("get", lambda w: "/api/openapi.json", PUBLIC),
    "api:me": Case("get", lambda w: "/api/me", OWN),
    "api:list_submissions": Case("get", lambda w: "/api/submissions", OWN),
    "api:submit": Case(
        "post", lambda w: "/api/submissions", OWN, {"kind": "victims", "period": "2025"}
    ),
    "api:get_submission": Case(
        "get", lambda w: f"/api/submissions/{w.submission}", REFUSED
    ),
    "api:get_upload": Case("get", lambda w: f"/api/uploads/{w.upload}", REFUSED),
    "api:get_template": Case("get", lambda w: "/api/templates/nonsense", OWN),
    "api:get_mapping": Case("get", lambda w: "/api/mappings/ngo-lyon/victims", REFUSED),
    "api:put_mapping": Case(
        "put",
        lambda w: "/api/mappings/ngo-lyon/victims",
        REFUSED,
        {"text": "kind: victims\n"},
        json=True,
    ),
    "api:list_runs": Case("get", lambda w: "/api/runs", REFUSED),
    "api:start_run": Case(
        "post", lambda w: "/api/runs", REFUSED, {"period": 2025}, json=True
    ),
    "api:get_run": Case("get", lambda w: f"/api/runs/{w.run}", REFUSED),
    "api:get_dashboard": Case("get", lambda w: "/api/dashboard/2025", REFUSED),
    "api:store_clerical_decisions": Case(
        "post",
        lambda w: "/api/clerical/2025",
        REFUSED,
        {"file": SimpleUploadedFile("decisions.csv", b"decision\n")},
    ),
    "api:list_organisations": Case("get", lambda w: "/api/organisations", REFUSED),
    "api:create_organisation": Case(
        "post",
        lambda w: "/api/organisations",
        REFUSED,
        {"id": "x", "name": "x", "organisation_type": "ngo"},
        json=True,
    ),
    "api:list_users": Case("get", lambda w: "/api/users", REFUSED),
    "api:create_user": Case(
        "post",
        lambda w: "/api/users",
        REFUSED,
        {"username": "x", "role": "analyst", "password": "x"},
        json=True,
    ),
    "api:list_audit_events": Case("get", lambda w: "/api/audit", REFUSED),
    "api:export_audit_events": Case("get", lambda w: "/api/audit/export", REFUSED),
}
# Cases: only caseworkers see any, and only their organisation's or those referred to
# it (tests/palermo_web/cases/test_access.py tries each with another organisation's
# caseworker too).
CASES.update(
    {
        name: Case(url.method, url.path, REFUSED, url.data, url.json)
        for name, url in CASE_URLS.items()
    }
)


def _request(client: Client, case: Case, world: World, **extra: Any) -> Any:
    call = getattr(client, case.method)
    if case.json:
        return call(
            case.path(world), case.data or {}, content_type="application/json", **extra
        )
    return call(case.path(world), case.data or {}, **extra)


def _check(response: Any, case: Case) -> None:
    if case.expect == REFUSED:
        assert response.status_code in {403, 404}, response.status_code
        # Refused whether by role (403) or by a scoped lookup (404): always audited.
        assert AuditEvent.objects.filter(action="denied").exists()
        return
    assert response.status_code < 500
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = body.decode(errors="replace")
    for marker in NGO_MARKERS:
        assert marker not in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_an_outsider_gets_nothing_of_another_organisation(
    name: str, world: World, outsider: Any
) -> None:
    case = CASES[name]
    _check(_request(logged_in(outsider), case, world), case)
    if name == "accounts:revoke_token":
        assert ApiToken.objects.active().filter(pk=world.token).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in CASES if n.startswith("api:")))
def test_an_outsider_with_an_api_token_gets_nothing_either(
    name: str, world: World, outsider: Any
) -> None:
    _token, key = ApiToken.issue(outsider, "police robot")
    case = CASES[name]
    _check(_request(Client(), case, world, HTTP_AUTHORIZATION=f"Bearer {key}"), case)


def _names(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name or pattern.pattern}"


def api_operations(router: Any = None) -> set[str]:
    """``api:<operation>`` for every method of every API path (of one router, or all).

    Several methods of one path share one URL pattern, so walking the patterns alone
    would miss a method added to an existing path.
    """
    from palermo_web.api.app import api

    routers = [router] if router is not None else [r for _p, r in api._routers]
    return {
        f"api:{operation.view_func.__name__}"
        for each in routers
        for path in each.path_operations.values()
        for operation in path.operations
    }


def test_every_url_pattern_and_api_operation_has_an_outsider_case() -> None:
    every = set(_names(get_resolver().url_patterns)) | api_operations()
    assert sorted(every - set(CASES)) == []
