"""Shared inputs of the linkage tests: a small simulated country with known truth."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyarrow as pa
import pytest

from palermo.linkage import (
    LinkageConfig,
    LinkageKey,
    LinkageResult,
    encode_records,
    link_records,
    new_key,
)


@dataclass(frozen=True)
class Country:
    """Each source's normalised victim records and the true person of every record."""

    tables: list[pa.Table]
    truth: pa.Table


def simulated_country(victims: int = 3000, seed: int = 7) -> Country:
    """A country from ``palermo simulate`` at its default error rates, in memory."""
    from palermo.simulate import SimulationConfig, simulate_country
    from palermo.simulate.writers import standard_table
    from palermo.standard import Kind

    config = SimulationConfig(victims=victims, seed=seed, file_format="parquet")
    simulation = simulate_country(config)
    types = {s.organisation_id: s.organisation_type for s in config.sources}
    tables = [
        standard_table(frame, Kind.VICTIMS, organisation, types[organisation])
        for organisation, frame in simulation.victim_records.items()
    ]
    truth = pa.Table.from_pandas(simulation.truth_records(), preserve_index=False)
    return Country(tables, truth)


@pytest.fixture(autouse=True)
def _quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def country() -> Country:
    return simulated_country()


@pytest.fixture(scope="session")
def linkage_key() -> LinkageKey:
    return new_key()


@pytest.fixture(scope="session")
def encoded_tables(country: Country, linkage_key: LinkageKey) -> list[pa.Table]:
    return [encode_records(t, linkage_key) for t in country.tables]


@pytest.fixture(scope="session")
def plain_result(country: Country) -> LinkageResult:
    config = LinkageConfig(reporting_country="FR", reference_period="2025")
    return link_records(country.tables, config, truth=country.truth)


@pytest.fixture(scope="session")
def encoded_result(country: Country, encoded_tables: list[pa.Table]) -> LinkageResult:
    config = LinkageConfig(reporting_country="FR", reference_period="2025")
    return link_records(encoded_tables, config, truth=country.truth)
