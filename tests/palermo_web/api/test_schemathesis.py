"""Schemathesis against the hub's OpenAPI document: no input makes the server fail.

Bounded in time: a few examples per operation, as a submitter (token) and as an
administrator (session, past two-factor, with a CSRF token).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from palermo_web.accounts.models import ApiToken, Role
from palermo_web.wsgi import application
from tests.palermo_web.personas import logged_in, person

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
CSRF = "a" * 32


@pytest.fixture
def keep_test_connection() -> Any:
    """Django closes the connection after each WSGI request; the test client does not."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(keep_test_connection: None, ngo_org: Any) -> list[dict[str, Any]]:
    submitter = person("nadia", Role.SUBMITTER, ngo_org)
    _token, key = ApiToken.issue(submitter, "robot")
    admin = person("ada", Role.ADMINISTRATOR)
    session = logged_in(admin).cookies["sessionid"].value
    return [
        {"headers": {"Authorization": f"Bearer {key}"}},
        {
            "headers": {"X-CSRFToken": CSRF},
            "cookies": {"sessionid": session, "csrftoken": CSRF},
        },
    ]


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)
def test_no_request_makes_the_api_fail(
    case: Any, callers: list[dict[str, Any]], settings: Any, tmp_path: Any
) -> None:
    settings.PALERMO_HOME = tmp_path
    for caller in callers:
        response = case.call(**caller)
        case.validate_response(response, checks=[not_a_server_error])
