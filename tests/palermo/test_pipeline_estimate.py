"""The estimation stage of ``palermo demo``: persons in, ``DIR/estimate/`` out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from palermo.errors import InputError
from palermo.estimate import EstimateConfig
from palermo.pipeline import estimate_stage

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


def _persons(path: Path) -> Path:
    frame = pd.read_csv(DATA / "UKdat_5.csv")
    rows = frame.loc[frame.index.repeat(frame["count"])].drop(columns="count")
    persons = rows.rename(columns={c: f"cap_{c.lower()}" for c in rows.columns})
    persons.insert(0, "person_id", [f"p{i}" for i in range(len(persons))])
    table = pa.Table.from_pandas(persons.reset_index(drop=True), preserve_index=False)
    pq.write_table(table, path)
    return path


def test_it_writes_the_estimate_its_settings_and_its_histories(tmp_path: Path) -> None:
    persons = _persons(tmp_path / "persons.parquet")
    folder = tmp_path / "run" / "estimate"
    calls: list[tuple[str, int, int]] = []
    stage = estimate_stage(
        persons,
        folder,
        config=EstimateConfig(bootstrap=30),
        n_jobs=1,
        progress=lambda *call: calls.append(call),
    )
    result = stage.details["result"]
    assert stage.stage == "estimate"
    assert stage.summary["estimated total"] == "11,313"
    assert calls[-1][0] == "estimate"
    written = json.loads((folder / "estimate.json").read_text())
    assert written["estimate"] == pytest.approx(11312.9902894352, rel=1e-6)
    assert written["lists"] == ["la", "ng", "pfnca", "go", "gp"]
    assert written["fingerprint"] == result.fingerprint
    config = json.loads((folder / "estimate_config.json").read_text())
    assert EstimateConfig.from_dict(config) == EstimateConfig(bootstrap=30)
    assert written["ci_kind"] == "bca"
    histories = pd.read_csv(folder / "capture_histories.csv")
    assert histories["count"].sum() == 2744


def test_a_missing_persons_table_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no persons table"):
        estimate_stage(tmp_path / "none.parquet", tmp_path / "estimate")


def test_it_reads_only_the_capture_columns_of_the_persons_contract(
    tmp_path: Path,
) -> None:
    # A column the estimate does not need, whatever it holds, is not read.
    persons = pq.read_table(_persons(tmp_path / "p.parquet"))
    persons = persons.append_column(
        "forms_of_exploitation", pa.array([["sexual"]] * persons.num_rows)
    )
    pq.write_table(persons, tmp_path / "persons.parquet")
    stage = estimate_stage(tmp_path / "persons.parquet", tmp_path / "estimate")
    assert stage.summary["observed"] == "2,744"


def test_a_persons_table_with_one_capture_column_says_what_is_needed(
    tmp_path: Path,
) -> None:
    table = pa.table({"person_id": ["a", "b"], "cap_police": [1, 1]})
    pq.write_table(table, tmp_path / "persons.parquet")
    with pytest.raises(InputError, match=r"1 capture column.*cap_<organisation>"):
        estimate_stage(tmp_path / "persons.parquet", tmp_path / "estimate")


def test_a_stratum_column_the_persons_table_lacks_is_named(tmp_path: Path) -> None:
    persons = _persons(tmp_path / "persons.parquet")
    with pytest.raises(InputError, match="no column 'sex' to stratify by"):
        estimate_stage(persons, tmp_path / "estimate", by="sex")


def test_a_file_that_is_not_parquet_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "persons.parquet"
    path.write_text("person_id,cap_a,cap_b\n")
    with pytest.raises(InputError, match="as Parquet"):
        estimate_stage(path, tmp_path / "estimate")
