"""Schemathesis against the hub's OpenAPI document: no input makes the server fail.

Bounded in time: a few examples per operation, as a submitter (token), and by session
(past two-factor, with a CSRF token) as an administrator, two caseworkers and an
analyst.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from palermo.referral import Role as NrmRole
from palermo_web.accounts.models import ApiToken, Role
from palermo_web.cases.nrm import set_roles
from palermo_web.wsgi import application
from tests.palermo_web.cases.world import TEST_KEYS, register_case
from tests.palermo_web.factories import OrganisationFactory
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


def _by_session(user: Any) -> dict[str, Any]:
    return {
        "headers": {"X-CSRFToken": CSRF},
        "cookies": {
            "sessionid": logged_in(user).cookies["sessionid"].value,
            "csrftoken": CSRF,
        },
    }


@pytest.fixture
def callers(
    keep_test_connection: None, ngo_org: Any, settings: Any
) -> list[dict[str, Any]]:
    """A submitter (token), an administrator, and the cases' own people: an NGO's
    caseworker with a case of her own (id 1, referred to the competent authority,
    which has a caseworker too) and an analyst, so that the cases API is tried past
    its role checks."""
    settings.PALERMO_CASE_KEYS = TEST_KEYS[:1]
    settings.PALERMO_COUNTRY = "FR"
    settings.PALERMO_REFERRAL_CONFIG = ""
    submitter = person("nadia", Role.SUBMITTER, ngo_org)
    _token, key = ApiToken.issue(submitter, "robot")
    caseworker = person("camille", Role.CASEWORKER, ngo_org)
    authority_org = OrganisationFactory(
        id="nrm-authority", name="Autorité", organisation_type="police"
    )
    set_roles(authority_org, {NrmRole.COMPETENT_AUTHORITY})
    authority = person("alex", Role.CASEWORKER, authority_org)
    register_case(caseworker, authority_org=authority_org)
    return [
        {"headers": {"Authorization": f"Bearer {key}"}},
        _by_session(person("ada", Role.ADMINISTRATOR)),
        _by_session(caseworker),
        _by_session(authority),
        _by_session(person("ana", Role.ANALYST)),
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
