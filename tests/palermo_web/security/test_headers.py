"""Security headers on every answer; HSTS only over TLS; CSRF on every form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db


def test_every_page_forbids_framing_sniffing_and_outside_resources(db: None) -> None:
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "Strict-Transport-Security" not in response


def test_hsts_is_sent_only_over_tls(db: None) -> None:
    response = Client().get("/login/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_the_api_answers_with_the_same_headers(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


def test_pages_load_nothing_from_elsewhere(submitter: Any) -> None:
    html = logged_in(submitter).get("/submissions/").content.decode()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("persona", "path", "data"),
    [
        (
            "administrator",
            "/admin/organisations/",
            {"id": "x", "name": "X", "organisation_type": "ngo"},
        ),
        (
            "administrator",
            "/admin/users/",
            {"username": "z", "role": "analyst", "password": "p"},
        ),
        ("analyst", "/runs/", {"period": "2025"}),
        ("submitter", "/account/", {"name": "robot"}),
        ("submitter", "/language/", {"language": "fr"}),
        ("submitter", "/logout/", {}),
    ],
)
def test_every_form_refuses_a_post_without_its_csrf_token(
    persona: str, path: str, data: dict[str, str], request: pytest.FixtureRequest
) -> None:
    client = logged_in(request.getfixturevalue(persona), enforce_csrf_checks=True)
    assert client.post(path, data).status_code == 403


def test_the_api_refuses_a_session_write_without_csrf(analyst: Any) -> None:
    client = logged_in(analyst, enforce_csrf_checks=True)
    response = client.post(
        "/api/runs", {"period": 2025}, content_type="application/json"
    )
    assert response.status_code == 403
    assert set(response.json()) == {"error", "issues"}
