"""Encoded submissions carry their linkage key's fingerprint; the hub keeps one key per
period (or the one it is configured with) and refuses a file of another key whole."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.test import Client, override_settings

from palermo.cli import main
from palermo.intake import read_records
from palermo.linkage import LinkageKey, encode_records, new_key
from palermo.standard import Kind
from palermo_web.accounts.models import ApiToken, Role
from palermo_web.submissions.models import Record, Submission
from tests.palermo_web.personas import FastArgon2PasswordHasher, logged_in, person
from tests.palermo_web.records import victim, write_records

pytestmark = pytest.mark.django_db


def encoded_file(
    tmp_path: Path,
    key: LinkageKey,
    organisation: str = "ngo-lyon",
    organisation_type: str = "ngo",
    rows: int = 4,
    keep_metadata: bool = True,
) -> Path:
    """A victims file as ``palermo encode`` writes it, encoded with ``key``."""
    records = [
        victim(n, organisation, organisation_type=organisation_type)
        for n in range(1, rows + 1)
    ]
    plain = write_records(tmp_path / f"{organisation}.csv", records)
    result = read_records(plain, Kind.VICTIMS)
    assert result.table is not None
    table = encode_records(result.table, key)
    if not keep_metadata:
        table = table.replace_schema_metadata(None)
    path = tmp_path / f"{organisation}-{key.fingerprint}.parquet"
    pq.write_table(table, path)
    return path


def palermo_submit(path: Path, organisation: str) -> int:
    args = ["submit", str(path), "--kind", "victims", "--org", organisation]
    return main([*args, "--period", "2025"])


def test_palermo_submit_stores_the_fingerprint_and_refuses_another_key(
    ngo: Any, police: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, other = new_key(), new_key()

    assert palermo_submit(encoded_file(tmp_path, shared), "ngo-lyon") == 0
    assert shared.fingerprint in capsys.readouterr().out
    wrong = encoded_file(tmp_path, other, "police-paris", "police")
    assert palermo_submit(wrong, "police-paris") == 1

    said = " ".join(capsys.readouterr().err.split())
    assert other.fingerprint in said
    assert shared.fingerprint in said
    assert "same linkage key" in said
    assert Submission.objects.count() == 1
    assert Submission.objects.get().key_fingerprint == shared.fingerprint
    right = encoded_file(tmp_path, shared, "police-paris", "police")
    assert palermo_submit(right, "police-paris") == 0
    assert set(Submission.objects.values_list("key_fingerprint", flat=True)) == {
        shared.fingerprint
    }


def test_other_periods_and_plain_files_are_not_held_to_the_key(
    ngo: Any, police: Any, tmp_path: Path, victims_file: Any
) -> None:
    from palermo_web.submissions.services import submit_file

    submit_file(
        encoded_file(tmp_path, new_key()),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    other = encoded_file(tmp_path, new_key(), "police-paris", "police")
    receipt = submit_file(
        other, kind="victims", organisation_id="police-paris", period=2024
    )
    plain = submit_file(
        victims_file(
            rows=3, organisation_id="police-paris", organisation_type="police"
        ),
        kind="victims",
        organisation_id="police-paris",
        period=2025,
    )

    assert receipt.outcome == "stored"
    assert receipt.key_fingerprint
    assert (plain.encoded, plain.key_fingerprint) == (False, "")


def test_a_source_may_re_encode_its_own_file_under_a_new_key(
    ngo: Any, tmp_path: Path
) -> None:
    assert palermo_submit(encoded_file(tmp_path, new_key()), "ngo-lyon") == 0
    rotated = new_key()
    assert palermo_submit(encoded_file(tmp_path, rotated), "ngo-lyon") == 0
    current = Submission.objects.get(status=Submission.Status.CURRENT)
    assert current.key_fingerprint == rotated.fingerprint


def test_a_hub_configured_with_a_key_accepts_only_that_key(
    ngo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected, other = new_key(), new_key()

    with override_settings(PALERMO_LINKAGE_KEY_FINGERPRINT=expected.fingerprint):
        # Even the first encoded file of the period must use the configured key.
        assert palermo_submit(encoded_file(tmp_path, other), "ngo-lyon") == 1
        assert expected.fingerprint in capsys.readouterr().err
        assert not Submission.objects.exists()
        assert not Record.objects.exists()
        assert palermo_submit(encoded_file(tmp_path, expected), "ngo-lyon") == 0


def test_an_encoded_file_without_its_key_fingerprint_is_refused(
    ngo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stripped = encoded_file(tmp_path, new_key(), keep_metadata=False)

    assert palermo_submit(stripped, "ngo-lyon") == 1
    assert "no key fingerprint" in " ".join(capsys.readouterr().err.split())
    assert not Submission.objects.exists()


def test_the_api_refuses_another_key_and_shows_the_fingerprint(
    ngo: Any, police: Any, tmp_path: Path, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = [
        f"{FastArgon2PasswordHasher.__module__}.{FastArgon2PasswordHasher.__name__}"
    ]
    submitter = person("nadia", Role.SUBMITTER, ngo)
    outsider = person("oscar", Role.SUBMITTER, police)
    shared, other = new_key(), new_key()

    def post(user: Any, path: Path) -> Any:
        _token, secret = ApiToken.issue(user, "robot")
        return Client().post(
            "/api/submissions",
            {"kind": "victims", "period": 2025, "file": io.BytesIO(path.read_bytes())},
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    accepted = post(submitter, encoded_file(tmp_path, shared))
    assert accepted.status_code == 201
    refused = post(outsider, encoded_file(tmp_path, other, "police-paris", "police"))
    assert refused.status_code == 422
    assert other.fingerprint in refused.json()["error"]
    assert refused.json()["issues"][0]["code"] == "submission.linkage_key"
    assert Submission.objects.count() == 1

    submission = accepted.json()["submission"]
    client = logged_in(submitter)
    shown = client.get(f"/api/submissions/{submission}").json()
    assert shown["key_fingerprint"] == shared.fingerprint
    page = client.get(f"/submissions/{submission}/").content.decode()
    assert shared.fingerprint in page
