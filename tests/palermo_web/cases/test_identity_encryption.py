"""Identities encrypted at rest, field by field, and re-keyed without loss."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from palermo_web.cases.crypto import IdentityUnreadable, generate_key
from palermo_web.cases.identity import read_identity, rotate_keys
from palermo_web.cases.models import Identity
from tests.palermo_web.cases.world import IDENTITY, TEST_KEYS, register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker: Any, authority_org: Any) -> Any:
    return register_case(caseworker, authority_org=authority_org)


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_identity")
        return repr(cursor.fetchall())


def test_no_identity_value_is_stored_in_clear(case: Any) -> None:
    raw = _raw_rows()
    for value in IDENTITY.values():
        assert value not in raw
    assert read_identity(case) == IDENTITY


def test_each_field_is_encrypted_on_its_own(case: Any) -> None:
    stored = Identity.objects.get(case=case)
    tokens = [getattr(stored, f) for f in IDENTITY]
    assert len(set(tokens)) == len(tokens)


def test_a_token_moved_to_another_field_or_case_is_refused(
    case: Any, caseworker: Any, authority_org: Any
) -> None:
    other = register_case(caseworker, authority_org=authority_org)
    stolen = Identity.objects.get(case=case).family_names
    Identity.objects.filter(case=other).update(family_names=stolen)
    with pytest.raises(IdentityUnreadable, match="belongs to another case"):
        read_identity(other)
    Identity.objects.filter(case=case).update(given_names=stolen)
    with pytest.raises(IdentityUnreadable, match="another case or field"):
        read_identity(case)


def test_a_new_key_first_still_reads_old_values_and_rotation_frees_the_old_key(
    case: Any, settings: Any
) -> None:
    before = Identity.objects.get(case=case).family_names
    settings.PALERMO_CASE_KEYS = [TEST_KEYS[1], TEST_KEYS[0]]
    assert read_identity(case) == IDENTITY
    assert rotate_keys() == 1
    assert Identity.objects.get(case=case).family_names != before
    settings.PALERMO_CASE_KEYS = [TEST_KEYS[1]]
    assert read_identity(case) == IDENTITY


def test_without_the_key_nothing_can_be_read(case: Any, settings: Any) -> None:
    settings.PALERMO_CASE_KEYS = [generate_key()]
    with pytest.raises(IdentityUnreadable, match="cannot be decrypted"):
        read_identity(case)


def test_a_hub_without_keys_refuses_to_register_and_says_how_to_fix_it(
    caseworker: Any, authority_org: Any, settings: Any
) -> None:
    settings.PALERMO_CASE_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="palermo cases keygen"):
        register_case(caseworker, authority_org=authority_org)


def test_keys_come_from_a_file_named_in_the_environment(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palermo_web.settings import envsecret

    key_file = tmp_path / "case-keys"
    key_file.write_text(f"{TEST_KEYS[1]},{TEST_KEYS[0]}\n")
    monkeypatch.setenv("PALERMO_CASE_KEYS_FILE", str(key_file))
    assert envsecret("PALERMO_CASE_KEYS").split(",") == [TEST_KEYS[1], TEST_KEYS[0]]
