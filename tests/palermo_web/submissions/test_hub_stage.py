"""The pipeline's hub stage: a simulated country's files, submitted as its sources would."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from palermo.pipeline import hub_stage
from palermo.simulate import SimulationConfig, simulate
from palermo_web.submissions.models import Submission
from palermo_web.submissions.services import records_for_period

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_simulated_file_is_stored_once_and_again_is_unchanged(
    tmp_path: Path,
) -> None:
    simulation = simulate(
        SimulationConfig(victims=150, seed=7), tmp_path / "simulation"
    )

    first = hub_stage(simulation, tmp_path / "hub")
    again = hub_stage(simulation, tmp_path / "hub")

    assert first.summary["rejected"] == 0
    assert first.summary["submissions stored"] == len(simulation.files)
    assert again.summary["unchanged (already stored)"] == len(simulation.files)
    assert Submission.objects.count() == len(simulation.files)
    victims = records_for_period(simulation.year, "victims")
    assert victims.num_rows == simulation.victim_records
    assert set(victims.column("source").to_pylist()) == {
        f.organisation_id for f in simulation.files if f.kind == "victims"
    }
    # What the annual run reads next: the period's records, one file per kind.
    exported = pq.read_table(first.details["records"]["victims"])
    assert exported.num_rows == simulation.victim_records
    assert set(first.details["records"]) == {"victims", "suspects", "proceedings"}
