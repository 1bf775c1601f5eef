"""Checks a valid file must still pass to be stored: its organisation, the hub's policy.

Each failure raises :class:`InvalidSubmission` with issues in the shape of the
validation report (``row`` None: they concern whole columns), so the CLI, the upload
page and the API show them as they show validation issues. No message holds an
identity value: plain identity columns are named, never quoted. What counts as
encoded is the core's definition (``palermo.linkage.encode``), the one linkage uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import InvalidSubmission
from palermo.linkage.encode import is_encoded, plain_identity_columns
from palermo.linkage.files import file_encoding
from palermo.standard import Kind
from palermo_web.organisations.models import Organisation


def _issue(
    column: str, code: str, message: str, value: str | None = None
) -> dict[str, Any]:
    return {
        "row": None,
        "column": column,
        "value": value,
        "code": code,
        "severity": "error",
        "message": message,
    }


def refuse_plain_identity(table: pa.Table, kind: Kind, file_name: str) -> None:
    plain = plain_identity_columns(table, kind)
    if not plain:
        return
    issues = [
        _issue(
            name,
            "submission.plain_identity",
            f"{name}: holds plain identity values; this hub accepts only keyed "
            "encodings (palermo encode).",
        )
        for name in plain
    ]
    raise InvalidSubmission(
        f"{file_name} still contains plain identity fields ({', '.join(plain)}) and "
        "this hub accepts only encoded submissions: encode it with `palermo encode` "
        "first. Nothing was stored.",
        issues=issues,
    )


def check_organisation(
    table: pa.Table, organisation: Organisation, file_name: str
) -> None:
    """The records must be the organisation's own, of its registered type."""
    issues = []
    for column, expected in (
        ("organisation_id", organisation.pk),
        ("organisation_type", organisation.organisation_type),
    ):
        if column not in table.column_names:
            continue
        found = pc.unique(table.column(column)).to_pylist()
        others = sorted(str(v) for v in found if v != expected)
        if others:
            issues.append(
                _issue(
                    column,
                    f"submission.{column}_mismatch",
                    f"{column}: records give {', '.join(others)} but the submission "
                    f"is for {expected}.",
                    value=", ".join(others),
                )
            )
    if issues:
        raise InvalidSubmission(
            f"{file_name} does not match organisation {organisation.pk}. "
            "Nothing was stored.",
            issues=issues,
        )


def _refuse_key(file_name: str, message: str) -> InvalidSubmission:
    issue = _issue("key_fingerprint", "submission.linkage_key", message)
    return InvalidSubmission(
        f"{file_name}: {message} Nothing was stored.", issues=[issue]
    )


def key_fingerprint_of(path: Path, expected: str) -> str:
    """The fingerprint of the key an encoded file was made with, checked against the
    hub's expected one (``PALERMO_LINKAGE_KEY_FINGERPRINT``) when it has one.

    A fingerprint is public (it identifies a key and reveals nothing of it), so it is
    stored, shown and quoted in messages. An encoded file without one cannot be
    checked, so it is refused: linking encodings of two keys finds no one.
    """
    fingerprint = str((file_encoding(path) or {}).get("key_fingerprint") or "")
    if not fingerprint:
        raise _refuse_key(
            path.name,
            "the file holds encodings but no key fingerprint; write it with "
            "`palermo encode`, which records the key's fingerprint in the file.",
        )
    if expected and fingerprint != expected:
        raise _refuse_key(
            path.name,
            f"encoded with the key of fingerprint {fingerprint}, but this hub "
            f"accepts only the linkage key of fingerprint {expected}.",
        )
    return fingerprint


def check_same_key(fingerprint: str, accepted: Iterable[str], file_name: str) -> None:
    """An encoded file must use the key of the period's encoded submissions."""
    others = sorted(set(accepted) - {fingerprint})
    if others:
        raise _refuse_key(
            file_name,
            f"encoded with the key of fingerprint {fingerprint}, but this period's "
            f"encoded submissions use {', '.join(others)}; every source of a period "
            "must encode with the same linkage key.",
        )


__all__ = [
    "check_organisation",
    "check_same_key",
    "key_fingerprint_of",
    "is_encoded",
    "plain_identity_columns",
    "refuse_plain_identity",
]
