"""The same linkage on Spark (``engine="spark"``, pyspark in local mode)."""

from __future__ import annotations

import pytest

from palermo.linkage import LinkageConfig, LinkageResult, link_records
from tests.palermo.linkage.conftest import Country, simulated_country

pyspark = pytest.importorskip("pyspark", reason="needs the spark extra")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["plain", "encoded"])
def test_spark_links_as_duckdb_does(mode: str, linkage_key: object) -> None:
    from palermo.linkage import encode_records

    country: Country = simulated_country(victims=1200, seed=9)
    tables = country.tables
    if mode == "encoded":
        tables = [encode_records(t, linkage_key) for t in tables]  # type: ignore[arg-type]
    on_duckdb: LinkageResult = link_records(
        tables, LinkageConfig(), truth=country.truth
    )
    on_spark: LinkageResult = link_records(
        tables, LinkageConfig(engine="spark"), truth=country.truth
    )
    assert on_spark.report["engine"] == "spark"
    duck, spark = on_duckdb.report["quality"], on_spark.report["quality"]
    assert spark["precision"] >= 0.97
    assert spark["recall"] >= 0.97
    # One model definition, one set of candidate pairs: the same persons, give or
    # take the sampling of the training pairs.
    assert abs(spark["persons"] - duck["persons"]) <= 0.01 * duck["persons"]
