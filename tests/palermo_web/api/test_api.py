"""The JSON API: OpenAPI document, token and session authentication, one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from palermo_web.accounts.models import ApiToken
from palermo_web.audit.models import AuditEvent
from palermo_web.runs import worker
from palermo_web.runs.models import Run
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table

pytestmark = pytest.mark.django_db


def _bearer(user: Any) -> dict[str, str]:
    _token, key = ApiToken.issue(user, "robot")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_openapi_document_is_served_and_lists_every_action(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    operations = {
        op["operationId"] for path in document["paths"].values() for op in path.values()
    }
    assert {
        "submit",
        "list_submissions",
        "start_run",
        "get_dashboard",
        "list_audit_events",
    } <= operations
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_a_submitter_reads_their_submissions_with_a_token(
    submitter: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(3))
    response = Client().get("/api/submissions", **_bearer(submitter))
    assert response.status_code == 200
    assert [s["organisation"] for s in response.json()] == ["ngo-lyon"]


def test_a_token_is_stored_only_as_its_hash(submitter: Any) -> None:
    token, key = ApiToken.issue(submitter, "robot")
    assert key not in (token.key_hash, token.prefix)
    assert token.key_hash == ApiToken.hash(key)


def test_a_revoked_token_no_longer_works(submitter: Any) -> None:
    token, key = ApiToken.issue(submitter, "robot")
    client = logged_in(submitter)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json() == {"error": "authentication required", "issues": []}


def test_a_token_cannot_stand_in_for_an_analysts_second_factor(analyst: Any) -> None:
    response = Client().get("/api/runs", **_bearer(analyst))
    assert response.status_code == 401


def test_anonymous_callers_get_the_error_shape(db: None) -> None:
    response = Client().get("/api/submissions")
    assert response.status_code == 401
    assert set(response.json()) == {"error", "issues"}


def test_a_bad_request_lists_its_issues(analyst: Any) -> None:
    response = logged_in(analyst).post(
        "/api/runs", {"period": "soon"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "the request is not valid"
    assert body["issues"][0]["location"].endswith("period")


def test_an_analyst_starts_a_run_follows_it_and_reads_the_dashboard(
    analyst: Any, ngo_org: Any, settings: Any, tmp_path: Any
) -> None:
    settings.PALERMO_RUNS_DIR = tmp_path
    store(ngo_org, victims_table(30))
    client = logged_in(analyst)
    started = client.post(
        "/api/runs", {"period": 2025}, content_type="application/json"
    )
    assert started.status_code == 202
    run_id = started.json()["id"]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "queued"
    worker.run_pending()
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"
    dashboard = client.get("/api/dashboard/2025").json()
    assert dashboard["run"] == run_id
    assert dashboard["summary"]["victim_records"] == 30


def test_an_administrator_creates_an_organisation_and_its_submitter(
    administrator: Any,
) -> None:
    client = logged_in(administrator)
    created = client.post(
        "/api/organisations",
        {
            "id": "lab-insp",
            "name": "Inspection du travail",
            "organisation_type": "labour_inspectorate",
            "country": "FR",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    user = client.post(
        "/api/users",
        {
            "username": "ines",
            "role": "submitter",
            "organisation": "lab-insp",
            "password": "a long and unusual passphrase",
        },
        content_type="application/json",
    )
    assert user.status_code == 201
    assert user.json()["organisation"] == "lab-insp"
    weak = client.post(
        "/api/users",
        {"username": "weak", "role": "analyst", "password": "123"},
        content_type="application/json",
    )
    assert weak.status_code == 422
    assert weak.json()["issues"]


def test_an_administrator_reads_and_exports_the_audit_log(administrator: Any) -> None:
    client = logged_in(administrator)
    client.get("/api/organisations")
    events = client.get("/api/audit", {"limit": 5}).json()
    assert isinstance(events, list)
    export = client.get("/api/audit/export")
    assert export["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(action="export").exists()


def test_runs_are_versioned_per_period_through_the_api(analyst: Any) -> None:
    client = logged_in(analyst)
    for _ in range(2):
        client.post("/api/runs", {"period": 2024}, content_type="application/json")
    assert sorted(Run.objects.values_list("version", flat=True)) == [1, 2]
