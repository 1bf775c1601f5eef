"""The hub's own checks on a valid file: encodings required, encoded or not."""

from __future__ import annotations

import pyarrow as pa
import pytest

from palermo.errors import InvalidSubmission
from palermo.standard import Kind
from palermo_web.submissions.checks import (
    is_encoded,
    plain_identity_columns,
    refuse_plain_identity,
)

# As `palermo encode` leaves a file: the plain identity columns empty or gone, keyed
# encodings beside them.
ENCODED = pa.table(
    {
        "source_record_id": ["V1", "V2"],
        "family_names": pa.nulls(2, pa.string()),
        "given_names": ["", "  "],
        "family_names_bloom": pa.array([b"\x01" * 8, b"\x02" * 8], pa.binary(8)),
        "date_of_birth_token": pa.array([17, 42], pa.int64()),
    }
)


def test_an_encoded_table_is_recognised_and_passes_the_policy() -> None:
    assert plain_identity_columns(ENCODED, Kind.VICTIMS) == []
    assert is_encoded(ENCODED, Kind.VICTIMS)
    refuse_plain_identity(ENCODED, Kind.VICTIMS, "encoded.parquet")  # no error


def test_one_plain_value_left_is_refused_naming_the_column_only() -> None:
    leaky = ENCODED.set_column(
        ENCODED.column_names.index("given_names"),
        "given_names",
        pa.array(["", "Zbigniewa"]),
    )

    with pytest.raises(InvalidSubmission) as caught:
        refuse_plain_identity(leaky, Kind.VICTIMS, "encoded.parquet")

    assert [i["column"] for i in caught.value.issues] == ["given_names"]
    assert "Zbigniewa" not in caught.value.message + repr(caught.value.issues)
    assert not is_encoded(leaky, Kind.VICTIMS)


def test_a_table_without_identities_or_encodings_is_not_called_encoded() -> None:
    statistical = pa.table({"source_record_id": ["V1"], "sex": ["female"]})

    assert plain_identity_columns(statistical, Kind.VICTIMS) == []
    assert not is_encoded(statistical, Kind.VICTIMS)
