"""Two years of stage outputs of a small simulated country, written once per session."""

from __future__ import annotations

import pytest
from outputs_builder import Period, write_country


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory) -> tuple[Period, Period]:
    """``(2024, 2025)``: linkage, estimate, records and published tables for each."""
    return write_country(tmp_path_factory.mktemp("outputs"))


@pytest.fixture(scope="session")
def current(country: tuple[Period, Period]) -> Period:
    """The 2025 outputs (with 2024 stored beside them)."""
    return country[1]
