"""Reading stored records back out in bulk, as Arrow, for analytics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from palermo.standard import fields_of
from palermo_web.submissions.services import records_for_period, submit_file

pytestmark = pytest.mark.django_db


def test_it_reads_the_current_records_of_every_organisation_with_their_source(
    ngo: Any, police: Any, victims_file: Callable[..., Path]
) -> None:
    submit_file(
        victims_file(rows=3, name="old.csv"),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    submit_file(
        victims_file(rows=2, name="new.csv"),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    submit_file(
        victims_file(
            rows=4,
            name="police.csv",
            organisation_id="police-paris",
            organisation_type="police",
        ),
        kind="victims",
        organisation_id="police-paris",
        period=2025,
    )

    table = records_for_period(2025, "victims")

    assert table.num_rows == 6  # the superseded three are left out
    assert table.column_names == [f.name for f in fields_of("victims")] + ["source"]
    assert table.column("source").to_pylist() == ["ngo-lyon"] * 2 + ["police-paris"] * 4
    assert table.schema.field("registration_date").type == pa.date32()
    assert table.schema.field("age").type == pa.int64()
    assert table.schema.field("forms_of_exploitation").type == pa.list_(pa.string())
    first = table.slice(0, 1).to_pylist()[0]
    assert first["source_record_id"] == "V0001"
    assert first["registration_date"] == dt.date(2025, 2, 11)
    assert first["forms_of_exploitation"] == ["labour"]


def test_a_period_without_submissions_gives_an_empty_table_of_the_standard(
    db: None,
) -> None:
    table = records_for_period(2031, "suspects")

    assert table.num_rows == 0
    assert table.column_names == [f.name for f in fields_of("suspects")] + ["source"]
