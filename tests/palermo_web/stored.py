"""Stored submissions made directly from Arrow tables (no file, no intake)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from palermo.standard import STANDARD_VERSION
from palermo_web.submissions.models import Submission
from palermo_web.submissions.storage import insert_records, storable


def victims_table(
    n: int, organisation: str = "ngo-lyon", *, offset: int = 0
) -> pa.Table:
    rows = range(offset, offset + n)
    return pa.table(
        {
            "source_record_id": [f"V{i:05d}" for i in rows],
            "organisation_id": [organisation] * n,
            "organisation_type": ["ngo"] * n,
            "status": ["identified"] * n,
            "sex": ["female" if i % 3 else "male" for i in rows],
            "age": pa.array(
                [None if i % 7 == 0 else 12 + i % 50 for i in rows], pa.int64()
            ),
            "citizenship": ["FR" if i % 2 else "RO" if i % 5 else "NG" for i in rows],
            "forms_of_exploitation": [
                ["sexual"] if i % 2 else ["labour", "begging"] for i in rows
            ],
        }
    )


def store(
    organisation: Any,
    table: pa.Table,
    period: int = 2025,
    kind: str = "victims",
    version: int = 1,
) -> Submission:
    table, columns = storable(table)
    Submission.objects.filter(
        organisation=organisation, kind=kind, reference_period=period, status="current"
    ).update(status="superseded")
    submission = Submission.objects.create(
        organisation=organisation,
        kind=kind,
        reference_period=period,
        version=version,
        checksum=f"{version:064d}",
        file_name="victims.csv",
        row_count=table.num_rows,
        submitted_by="nadia",
        standard_version=STANDARD_VERSION,
        columns=columns,
        report={"valid": True, "rows": table.num_rows, "issues": []},
    )
    insert_records(submission.pk, table, columns)
    return submission
