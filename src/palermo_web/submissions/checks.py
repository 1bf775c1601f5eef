"""Checks a valid file must still pass to be stored: its organisation, the hub's policy.

Each failure raises :class:`InvalidSubmission` with issues in the shape of the
validation report (``row`` None: they concern whole columns), so the CLI, the upload
page and the API show them as they show validation issues. No message holds an
identity value: plain identity columns are named, never quoted. What counts as
encoded is the core's definition (``palermo.linkage.encode``), the one linkage uses.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import InvalidSubmission
from palermo.linkage.encode import is_encoded, plain_identity_columns
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


__all__ = [
    "check_organisation",
    "is_encoded",
    "plain_identity_columns",
    "refuse_plain_identity",
]
