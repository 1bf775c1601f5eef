"""Log-in: passwords, lockout, two-factor, expiring sessions, language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo_web.accounts.models import Role
from palermo_web.audit.models import AuditEvent
from tests.palermo_web.personas import PASSWORD, current_code, logged_in, person

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_passwords_are_stored_with_argon2(submitter: Any) -> None:
    assert identify_hasher(submitter.password).algorithm == "argon2"


def test_a_submitter_logs_in_and_lands_on_submissions(submitter: Any) -> None:
    client = Client()
    response = _login(client, "nadia", PASSWORD)
    assert response.status_code == 302
    assert client.get("/submissions/").status_code == 200
    assert AuditEvent.objects.filter(action="login", actor="nadia").exists()


def test_a_wrong_password_is_refused_and_audited(submitter: Any) -> None:
    response = _login(Client(), "nadia", "wrong")
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_a_failed_log_in_names_the_attacked_account_by_id_never_what_was_typed(
    submitter: Any,
) -> None:
    client = Client()
    _login(client, "nadia", "wrong")
    _login(client, "Jeanne Dupont", "wrong")
    tried, unknown = AuditEvent.objects.filter(action="login_failed").order_by("id")
    assert (tried.object_type, tried.object_id) == ("user", str(submitter.pk))
    assert (unknown.object_type, unknown.object_id) == ("user", "")
    assert "Jeanne" not in str(unknown.detail) + unknown.path


def test_a_locked_log_in_names_the_attacked_account(submitter: Any) -> None:
    client = Client()
    for _ in range(6):
        _login(client, "nadia", "wrong")
    locked = AuditEvent.objects.get(action="login_failed", detail__reason="locked")
    assert locked.object_id == str(submitter.pk)


def test_five_failures_lock_the_account_even_for_the_right_password(
    submitter: Any,
) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "nadia", "wrong")
    response = _login(client, "nadia", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_window(submitter: Any) -> None:
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            _login(client, "nadia", "wrong")
        traveller.shift(timedelta(minutes=16))
        assert _login(client, "nadia", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(
    db: None, settings: Any
) -> None:
    settings.PALERMO_LOCKOUT_FAILURES_PER_IP = 3
    client = Client()
    for name in ("a", "b", "c"):
        _login(client, name, "wrong")
    assert _login(client, "d", "wrong").status_code == 429


def test_the_login_form_needs_a_csrf_token(submitter: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "nadia", PASSWORD)
    assert response.status_code == 403


def test_an_analyst_must_pass_the_second_factor_before_seeing_anything(
    analyst: Any,
) -> None:
    client = Client()
    response = _login(client, "ana", PASSWORD)
    assert response["Location"].startswith("/account/two-factor/")
    blocked = client.get("/dashboard/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/account/two-factor/")
    assert client.get("/api/runs").status_code in {401, 403}
    right = client.post("/account/two-factor/", {"token": current_code(analyst)})
    assert right.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_code_is_refused_and_audited(analyst: Any) -> None:
    client = Client()
    _login(client, "ana", PASSWORD)
    wrong = client.post("/account/two-factor/", {"token": "000000"})
    assert wrong.status_code == 200
    assert client.get("/dashboard/").status_code == 302
    assert AuditEvent.objects.filter(
        action="login_failed", detail__reason="totp"
    ).exists()


def test_an_administrator_without_a_device_sets_one_up_with_a_qr_code(db: None) -> None:
    admin = person("ada", Role.ADMINISTRATOR)
    TOTPDevice.objects.filter(user=admin).delete()
    client = Client()
    _login(client, "ada", PASSWORD)
    page = client.get("/account/two-factor/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    device.confirmed = True  # only to compute the code the app would show
    device.save()
    code = current_code(admin)
    device.confirmed = False
    device.save()
    assert client.post("/account/two-factor/", {"token": code}).status_code == 302
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert client.get("/audit/").status_code == 200


def test_a_session_expires_after_an_idle_hour(submitter: Any) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _login(client, "nadia", PASSWORD)
        assert client.get("/submissions/").status_code == 200
        traveller.shift(timedelta(minutes=61))
        assert client.get("/submissions/").status_code == 302


def test_a_session_ends_hours_after_log_in_however_active(submitter: Any) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        _login(client, "nadia", PASSWORD)
        for _ in range(11):
            traveller.shift(timedelta(minutes=55))
            client.get("/submissions/")
        assert client.get("/submissions/").status_code == 302


def test_a_person_picks_french_and_the_hub_speaks_french(submitter: Any) -> None:
    client = logged_in(submitter)
    client.post("/language/", {"language": "fr", "next": "/submissions/"})
    submitter.profile.refresh_from_db()
    assert submitter.profile.language == "fr"
    page = client.get("/submissions/")
    assert "Déposer un fichier" in page.content.decode()


def test_logging_out_needs_a_post(submitter: Any) -> None:
    client = logged_in(submitter)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/submissions/").status_code == 302


def test_a_deactivated_person_cannot_log_in(submitter: Any) -> None:
    submitter.is_active = False
    submitter.save()
    assert _login(Client(), "nadia", PASSWORD).status_code == 401


def test_a_page_view_does_not_rewrite_the_session_every_time(submitter: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    _login(client, "nadia", PASSWORD)
    client.get("/submissions/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/submissions/")
    assert not any(
        "UPDATE" in q["sql"] and "django_session" in q["sql"] for q in queries
    )
