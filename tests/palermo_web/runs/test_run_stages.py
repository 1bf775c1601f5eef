"""A run through the core's real tables and estimation stages, from linked persons."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from palermo_web.runs import stages, worker
from palermo_web.runs.models import Run, Status
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _persons(path: Path, n: int = 400) -> Path:
    """Persons seen by three sources with known capture probabilities."""
    rng = np.random.default_rng(7)
    caps = (rng.random((n * 2, 3)) < [0.4, 0.3, 0.5]).astype("int8")
    caps = caps[caps.sum(axis=1) > 0][:n]
    m = len(caps)
    table = pa.table(
        {
            "person_id": [f"P{i:05d}" for i in range(m)],
            "sex": rng.choice(["female", "male"], m).tolist(),
            "age": pa.array(rng.integers(10, 60, m), pa.int64()),
            "child": ["no"] * m,
            "citizenship": rng.choice(["FR", "RO", "NG"], m).tolist(),
            "citizenship_group": rng.choice(
                ["reporting_country", "other_eu", "non_eu"], m
            ).tolist(),
            "forms_of_exploitation": [
                ["sexual"] if i % 2 else ["labour"] for i in range(m)
            ],
            "status": ["identified"] * m,
            "organisation_types": [["ngo"]] * m,
            "first_registration_date": pa.array([date(2025, 3, 1)] * m, pa.date32()),
            "n_records": pa.array(caps.sum(axis=1), pa.int64()),
            "cap_ngo-lyon": pa.array(caps[:, 0], pa.int8()),
            "cap_police-paris": pa.array(caps[:, 1], pa.int8()),
            "cap_labour-insp": pa.array(caps[:, 2], pa.int8()),
        }
    )
    table = table.replace_schema_metadata(
        {"reporting_country": "FR", "reference_period": "2025"}
    )
    pq.write_table(table, path)
    return path


def test_a_run_with_linked_persons_stores_tables_and_the_estimate_with_its_interval(
    analyst: Any,
    ngo_org: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.PALERMO_RUNS_DIR = tmp_path / "runs"

    def linked(ctx: stages.StageContext) -> stages.Outcome:
        folder = ctx.work / "linkage"
        folder.mkdir()
        ctx.persons = _persons(folder / "persons.parquet")
        return {"outcome": "linked", "count": None}

    monkeypatch.setattr(
        worker, "STAGES", [(n, linked if n == "link" else f) for n, f in stages.STAGES]
    )
    store(ngo_org, victims_table(20))
    run = Run.request(2025, analyst)
    worker.run_pending()
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED, run.message
    assert [s["outcome"] for s in run.stages][1:4] == ["linked", "tables", "estimate"]
    estimate = run.summary["estimate"]
    assert estimate["lower"] <= estimate["estimate"] <= estimate["upper"]
    assert estimate["estimate"] >= run.summary["persons"]
    paths = {o["path"] for o in run.outputs}
    assert "estimate/estimate.json" in paths
    assert any(p.startswith("tables/") for p in paths)
    html = logged_in(analyst).get("/dashboard/2025/").content.decode()
    assert 'class="band"' in html
