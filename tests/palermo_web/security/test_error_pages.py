"""Error pages: the hub's own, in the reader's language; JSON under /api/; quiet logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def french() -> Any:
    """Switch a client to French; leave the test thread's language as found."""
    from django.utils import translation

    def switch(client: Client) -> Client:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        return client

    yield switch
    translation.activate("en")


def test_a_missing_page_is_the_hubs_own_page_in_french(
    analyst: Any, french: Any
) -> None:
    response = french(logged_in(analyst)).get("/dashboard/1999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert 'href="/"' in html
    assert "Tableau de bord" in html  # the navigation of every page
    assert "Not Found" not in html
    assert (
        "1999" not in html.split("<main>")[1]
    )  # the page echoes nothing of the request


def test_a_refused_page_is_the_hubs_own_page_in_french(
    analyst: Any, french: Any
) -> None:
    response = french(logged_in(analyst)).get("/audit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Accès non autorisé" in html
    assert "Forbidden" not in html


def test_a_failed_csrf_check_explains_itself_in_french_without_debug_talk(
    submitter: Any, french: Any
) -> None:
    client = french(logged_in(submitter, enforce_csrf_checks=True))
    response = client.post("/account/", {"name": "robot"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Le formulaire a expiré" in html
    assert "DEBUG" not in html
    assert "CSRF" not in html


def test_the_server_error_page_needs_no_context() -> None:
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Server error" in html
    assert 'href="/"' in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/submissions/999999", 404),  # an endpoint's own 404
        ("/api/no-such-endpoint", 404),  # a path no endpoint serves
        ("/api/audit", 403),
    ],
)
def test_api_errors_stay_json(submitter: Any, path: str, status: int) -> None:
    response = logged_in(submitter).get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"error", "issues"}


def test_the_api_csrf_failure_stays_json(analyst: Any) -> None:
    response = logged_in(analyst, enforce_csrf_checks=True).post(
        "/api/runs", {"period": 2025}, content_type="application/json"
    )
    assert response.status_code == 403
    assert set(response.json()) == {"error", "issues"}


@pytest.fixture
def serve_log() -> Any:
    """What the hub's own console handler (settings.LOGGING) writes, captured."""
    import io

    from palermo_web.logs import ClientErrorsWithoutTraceback

    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsWithoutTraceback) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_a_refusal_is_logged_as_one_line_without_a_traceback(
    analyst: Any, serve_log: Any
) -> None:
    assert logged_in(analyst).get("/audit/").status_code == 403
    assert logged_in(analyst).get("/dashboard/1999/").status_code == 404
    lines = serve_log.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert "Traceback" not in serve_log.getvalue()


def test_a_server_error_keeps_its_traceback(analyst: Any, serve_log: Any) -> None:
    from unittest import mock

    client = logged_in(analyst, raise_request_exception=False)
    with mock.patch(
        "palermo_web.dashboard.views.latest_run_stamps",
        side_effect=RuntimeError("boom"),
    ):
        response = client.get("/dashboard/")
    assert response.status_code == 500
    assert "Traceback" in serve_log.getvalue()
