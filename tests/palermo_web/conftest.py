"""Fixtures of the hub's tests: organisations and small files of victim records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.palermo_web.factories import OrganisationFactory
from tests.palermo_web.records import victim, write_records


@pytest.fixture
def victims_file(tmp_path: Path) -> Callable[..., Path]:
    """Make a valid victims file of ``rows`` records (changed by ``values``)."""

    def make(rows: int = 5, name: str = "victims.csv", **values: str) -> Path:
        records = [victim(n, **values) for n in range(1, rows + 1)]
        return write_records(tmp_path / name, records)

    return make


@pytest.fixture
def ngo(db: None) -> Any:
    """The NGO that submits in most tests."""
    return OrganisationFactory()


@pytest.fixture
def police(db: None) -> Any:
    """A second source organisation."""
    return OrganisationFactory(
        id="police-paris", name="Préfecture de police", organisation_type="police"
    )
