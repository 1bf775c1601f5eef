"""Every type the hub stores comes back out exactly as it went in."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest

from palermo.errors import InputError
from palermo_web.organisations.models import Organisation
from palermo_web.submissions import storage
from palermo_web.submissions.models import Submission

pytestmark = pytest.mark.django_db


def _submission(columns: list[dict[str, str]]) -> Submission:
    organisation = Organisation.objects.create(
        id="ngo-nice", name="NGO", organisation_type="ngo"
    )
    return Submission.objects.create(
        organisation=organisation,
        kind="victims",
        reference_period=2025,
        version=1,
        checksum="0" * 64,
        row_count=0,
        standard_version="1.0",
        columns=columns,
    )


def test_values_of_every_stored_type_survive_a_round_trip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage, "CHUNK_ROWS", 2)  # several chunks for five rows
    table = pa.table(
        {
            "text": ['Zoë "quoted"\ttab\nline', None, "", "\\back\\slash", "日本"],
            "code": pa.array(["a", "b", "a", None, "c"]).dictionary_encode(),
            "whole": pa.array([0, -1, None, 2**40, 7], pa.int64()),
            "small": pa.array([0, -1, None, 2**30, 7], pa.int32()),
            "real": [0.0, None, 1.5e-300, -2.25, float("nan")],
            "flag": [True, False, None, True, False],
            "day": [dt.date(1900, 1, 1), None, dt.date(2025, 12, 31), None, None],
            "codes": [["labour", "sexual"], [], None, ["x"], ["a;b"]],
            "numbers": pa.array([[1, 2], None, [], [3], [2**50]], pa.list_(pa.int64())),
            "bloom": [b"\x00\xff\x10", None, b"", b"abc", b"\n\t\\"],
            # Bloom filters of `palermo encode` are fixed-size: stored as plain binary.
            "fixed": pa.array(
                [b"\x00" * 4, b"\xff" * 4, None, b"abcd", b'\n\t\\"'], pa.binary(4)
            ),
        }
    )
    stored, columns = storage.storable(table)
    submission = _submission(columns)

    written = storage.insert_records(submission.pk, stored, columns)
    back = storage.read_submission_table(submission.pk, columns)

    assert written == 5
    assert back.schema == stored.schema
    assert back.schema.field("fixed").type == pa.binary()
    expected = stored.to_pylist()
    got = back.to_pylist()
    # JSON has no NaN: a non-finite number is stored as unknown (null).
    assert math.isnan(expected[4]["real"])
    expected[4]["real"] = None
    assert got == expected


def test_it_refuses_a_column_type_it_cannot_store() -> None:
    table = pa.table({"when": pa.array([dt.datetime(2025, 1, 1)], pa.timestamp("s"))})

    with pytest.raises(InputError, match="when"):
        storage.storable(table)
