"""``link_stage``: the one linkage call of the CLI, the hub's runs and the demo."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from palermo.linkage import encode_records, new_key
from palermo.pipeline import link_stage
from palermo.pipeline.linkage import split_by_source
from tests.palermo.linkage.conftest import simulated_country


@pytest.fixture(scope="module")
def hub_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every source's encoded records in one file with ``source``, as the hub gives
    them (filters as plain binary, no schema metadata), and the truth as CSV."""
    country = simulated_country(victims=1500, seed=5)
    key = new_key()
    parts = []
    for table in country.tables:
        encoded = encode_records(table, key)
        source = encoded["organisation_id"][0].as_py()
        stored = encoded.cast(
            pa.schema(
                pa.field(f.name, pa.binary())
                if pa.types.is_fixed_size_binary(f.type)
                else f
                for f in encoded.schema
            )
        ).replace_schema_metadata(None)
        parts.append(stored.append_column("source", pa.repeat(source, stored.num_rows)))
    folder = tmp_path_factory.mktemp("hub")
    records = folder / "victims.parquet"
    pq.write_table(pa.concat_tables(parts), records)
    truth = folder / "records.csv"
    pacsv.write_csv(country.truth, truth)
    return records, truth


def test_the_hubs_single_table_is_split_by_source(
    hub_records: tuple[Path, Path],
) -> None:
    table = pq.read_table(hub_records[0])
    parts = split_by_source(table)
    assert len(parts) == len(pc.unique(table["source"]))
    assert all("source" not in p.column_names for p in parts)
    assert sum(p.num_rows for p in parts) == table.num_rows


def test_link_stage_links_the_hubs_records_and_measures_them(
    hub_records: tuple[Path, Path], tmp_path: Path
) -> None:
    records, truth = hub_records
    stage = link_stage(
        records,
        tmp_path,
        {"reporting_country": "FR", "reference_period": "2025"},
        truth=truth,
    )
    assert stage.stage == "linkage"
    summary = stage.summary
    assert summary["mode"] == "encoded"
    assert summary["records"] == pq.read_metadata(records).num_rows
    assert summary["measured precision"] >= 0.97
    assert summary["measured recall"] >= 0.97
    assert stage.details["persons"] == tmp_path / "persons.parquet"
    persons = pq.read_table(stage.details["persons"])
    assert persons.num_rows == summary["persons"]
    assert persons.schema.metadata[b"reporting_country"] == b"FR"


def test_link_stage_with_the_hubs_call_writes_persons(
    hub_records: tuple[Path, Path], tmp_path: Path
) -> None:
    # The hub calls ``link_stage(path, out)`` and nothing more.
    stage = link_stage(hub_records[0], tmp_path)
    assert (tmp_path / "persons.parquet").is_file()
    assert "measured precision" not in stage.summary
