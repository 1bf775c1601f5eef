"""``palermo cases``: keys, the statistics export, retention and roles from the shell."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from palermo.cli import app
from palermo_web.cases.identity import read_identity
from palermo_web.cases.models import Identity
from tests.palermo_web.cases.world import IDENTITY, TEST_KEYS, register_case

pytestmark = pytest.mark.django_db


def test_keygen_prints_a_fernet_key() -> None:
    result = CliRunner().invoke(app, ["cases", "keygen"])
    assert result.exit_code == 0
    Fernet(result.stdout.strip().encode())


def test_rotate_keys_re_encrypts_every_identity_under_the_newest_key(
    caseworker: Any, authority_org: Any, settings: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    settings.PALERMO_CASE_KEYS = [TEST_KEYS[1], TEST_KEYS[0]]
    result = CliRunner().invoke(app, ["cases", "rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "1 identities now under the newest key" in result.stderr
    settings.PALERMO_CASE_KEYS = [TEST_KEYS[1]]
    assert read_identity(case) == IDENTITY
    assert Identity.objects.count() == 1


def test_export_submits_the_period_and_prints_the_receipt(
    caseworker: Any, authority_org: Any
) -> None:
    register_case(caseworker, authority_org=authority_org)
    from django.utils import timezone

    year = str(timezone.now().year)
    result = CliRunner().invoke(app, ["cases", "export", "--period", year, "--json"])
    assert result.exit_code == 0, result.output
    receipt = json.loads(result.stdout)
    assert (receipt["outcome"], receipt["row_count"]) == ("stored", 1)
    assert IDENTITY["family_names"] not in result.output


def test_purge_without_retention_rules_erases_nothing_and_says_so() -> None:
    result = CliRunner().invoke(app, ["cases", "purge"])
    assert result.exit_code == 0
    assert "nothing is erased automatically" in " ".join(result.stderr.split())


def test_roles_names_a_competent_authority(ngo_org: Any) -> None:
    result = CliRunner().invoke(
        app, ["cases", "roles", "ngo-lyon", "--add", "competent_authority"]
    )
    assert result.exit_code == 0, result.output
    assert "competent_authority" in result.stdout
    assert "first_responder" in result.stdout  # the NGO's other parts stay
    unknown = CliRunner().invoke(app, ["cases", "roles", "nobody"])
    assert "unknown organisation" in str(unknown.exception)
