"""The administrator's unlock action, the account page per role, HEAD on pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from palermo_web.accounts import throttle
from palermo_web.accounts.models import ApiToken
from palermo_web.audit.models import AuditEvent
from tests.palermo_web.personas import PASSWORD, logged_in

pytestmark = pytest.mark.django_db


def _lock_out(username: str) -> Client:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "wrong"})
    assert throttle.is_locked(username, None)
    return client


def test_an_administrator_unlocks_a_locked_out_account(
    submitter: Any, administrator: Any
) -> None:
    client = _lock_out("nadia")
    admin = logged_in(administrator)
    page = admin.get("/admin/users/").content.decode()
    assert f"/admin/users/{submitter.pk}/unlock/" in page
    response = admin.post(f"/admin/users/{submitter.pk}/unlock/")
    assert response.status_code == 302
    assert not throttle.is_locked("nadia", None)
    event = AuditEvent.objects.get(object_type="user", detail__lockout="lifted")
    assert event.object_id == str(submitter.pk)
    assert event.actor == administrator.username
    ok = client.post("/login/", {"username": "nadia", "password": PASSWORD})
    assert ok.status_code == 302
    assert f"/admin/users/{submitter.pk}/unlock/" not in (
        admin.get("/admin/users/").content.decode()
    )


@pytest.mark.parametrize("persona", ["outsider", "submitter", "analyst"])
def test_no_one_else_can_unlock_an_account(
    persona: str, submitter: Any, request: pytest.FixtureRequest
) -> None:
    _lock_out("nadia")
    client = logged_in(request.getfixturevalue(persona))
    assert client.post(f"/admin/users/{submitter.pk}/unlock/").status_code == 403
    assert throttle.is_locked("nadia", None)


def test_unlocking_needs_the_csrf_token_and_a_post(
    submitter: Any, administrator: Any
) -> None:
    _lock_out("nadia")
    admin = logged_in(administrator, enforce_csrf_checks=True)
    assert admin.post(f"/admin/users/{submitter.pk}/unlock/").status_code == 403
    assert (
        logged_in(administrator).get(f"/admin/users/{submitter.pk}/unlock/").status_code
        == 405
    )
    assert throttle.is_locked("nadia", None)


def test_a_submitter_is_offered_api_tokens(submitter: Any) -> None:
    page = logged_in(submitter).get("/account/").content.decode()
    assert "submit files for your organisation" in page
    assert "Create a token" in page


@pytest.mark.parametrize("persona", ["analyst", "administrator", "caseworker"])
def test_roles_a_token_cannot_serve_are_told_so_and_cannot_make_one(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    client = logged_in(user)
    page = client.get("/account/").content.decode()
    assert "submit files for your organisation" not in page
    assert "Create a token" not in page
    assert "logged-in session" in page
    assert client.post("/account/", {"name": "robot"}).status_code == 403
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.parametrize("path", ["/login/"])
def test_head_is_answered_where_get_is(db: None, path: str) -> None:
    response = Client().head(path)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    ["/account/", "/dashboard/", "/submissions/", "/admin/users/", "/runs/", "/audit/"],
)
def test_head_is_answered_on_logged_in_pages(administrator: Any, path: str) -> None:
    client = logged_in(administrator)
    assert client.head(path).status_code == client.get(path).status_code
