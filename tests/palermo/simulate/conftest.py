from __future__ import annotations

from pathlib import Path

import pytest

from palermo.simulate import (
    Simulation,
    SimulationConfig,
    SimulationResult,
    error_preset,
    simulate_country,
    write_simulation,
)

# Small enough to keep the suite fast, large enough for rates to be measurable.
SMALL = SimulationConfig(country="BE", victims=1200, seed=7)


@pytest.fixture(scope="session")
def small_simulation() -> Simulation:
    return simulate_country(SMALL)


@pytest.fixture(scope="session")
def small_written(
    small_simulation: Simulation, tmp_path_factory: pytest.TempPathFactory
) -> SimulationResult:
    return write_simulation(small_simulation, tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def clean_simulation() -> Simulation:
    """Every source of the catalogue, no recording errors: intake must take it all."""
    from palermo.simulate import SOURCE_CATALOGUE

    config = SimulationConfig(
        country="FR",
        victims=800,
        seed=11,
        sources=SOURCE_CATALOGUE,
        errors=error_preset("clean"),
    )
    return simulate_country(config)


@pytest.fixture(scope="session")
def clean_written(
    clean_simulation: Simulation, tmp_path_factory: pytest.TempPathFactory
) -> SimulationResult:
    out: Path = tmp_path_factory.mktemp("clean")
    return write_simulation(clean_simulation, out)
