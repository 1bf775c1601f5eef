"""Reading capture histories from CSV files and from linkage's persons table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from mse_reference import DATA

from palermo.errors import InputError
from palermo.estimate import CaptureHistories, capture_histories, read_capture_histories


def _persons() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
            "sex": ["female", "male", "female", "female", "male", "female"],
            "cap_police": [1, 1, 0, 1, 0, 0],
            "cap_ngo_lyon": [1, 0, 1, 0, 1, 0],
            "cap_labour": [0, 0, 0, 0, 1, 1],
        }
    )


def test_it_counts_the_capture_histories_of_persons() -> None:
    histories = capture_histories(_persons())
    assert list(histories.columns) == ["police", "ngo_lyon", "labour", "count"]
    rows = {tuple(r[:3]): r[3] for r in histories.itertuples(index=False)}
    assert rows == {
        (1, 0, 0): 2,
        (0, 1, 0): 1,
        (0, 0, 1): 1,
        (1, 1, 0): 1,
        (0, 1, 1): 1,
    }
    assert histories["count"].sum() == 6


def test_it_reads_a_pyarrow_persons_table_and_chosen_lists() -> None:
    table = pa.Table.from_pandas(_persons())
    histories = capture_histories(table, lists=["police", "cap_ngo_lyon"])
    assert list(histories.columns) == ["police", "ngo_lyon", "count"]
    # p6 is only on the labour list, which was not chosen: left out.
    assert histories["count"].sum() == 5


def test_it_rejects_a_capture_value_other_than_0_or_1_with_row_and_column() -> None:
    persons = _persons()
    persons.loc[2, "cap_labour"] = 2
    with pytest.raises(InputError) as error:
        capture_histories(persons)
    assert error.value.issues == [
        {
            "row": 3,
            "column": "cap_labour",
            "value": "2",
            "code": "not_binary",
            "message": "expected 0 or 1",
        }
    ]


def test_it_names_a_missing_list() -> None:
    with pytest.raises(InputError, match="cap_courts"):
        capture_histories(_persons(), lists=["police", "courts"])


def test_it_reads_the_reference_layout_and_keeps_every_count() -> None:
    frame = read_capture_histories(DATA / "UKdat.csv")
    original = pd.read_csv(DATA / "UKdat.csv")
    assert list(frame.columns) == list(original.columns)
    assert frame["count"].sum() == 2744
    pd.testing.assert_frame_equal(frame, original, check_dtype=False)


def test_it_sums_duplicate_patterns_and_keeps_zero_cells(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("A,B,C,count\n1,0,0,5\n1,0,0,3\n0,1,1,2\n0,1,0,0\n")
    data = CaptureHistories.from_frame(read_capture_histories(path))
    assert data.observed == 10
    assert data.counts.shape == (7,)
    assert np.count_nonzero(data.counts) == 2


def test_it_reports_every_bad_value_with_row_column_and_expectation(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,12\n2,1,3\n1,1,-4\n0,0,7\nx,1,2.5\n")
    with pytest.raises(InputError) as error:
        read_capture_histories(path)
    found = {(i["row"], i["column"], i["value"], i["code"]) for i in error.value.issues}
    assert found == {
        (2, "A", "2", "not_binary"),
        (3, "count", "-4", "bad_count"),
        (4, "count", "7", "unseen_pattern"),
        (5, "A", "x", "not_binary"),
        (5, "count", "2.5", "bad_count"),
    }
    assert "row 2" in error.value.message


def test_it_needs_a_count_column_and_two_lists(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("A,B,n\n1,0,5\n")
    with pytest.raises(InputError, match="'count'"):
        read_capture_histories(path)
    path.write_text("A,count\n1,5\n")
    with pytest.raises(InputError, match="at least two lists"):
        read_capture_histories(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_capture_histories(tmp_path / "none.csv")


def test_the_fingerprint_follows_the_counts() -> None:
    frame = read_capture_histories(DATA / "Western.csv")
    first = CaptureHistories.from_frame(frame).fingerprint()
    assert CaptureHistories.from_frame(frame.copy()).fingerprint() == first
    frame.loc[0, "count"] += 1
    assert CaptureHistories.from_frame(frame).fingerprint() != first
