"""The estimate stage: multiple systems estimation over linkage's persons."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from palermo.pipeline.base import Progress, StageResult, quiet

if TYPE_CHECKING:
    from palermo.estimate import EstimateConfig


def estimate_stage(
    persons_path: Path,
    out_dir: Path,
    *,
    config: EstimateConfig | None = None,
    by: str | None = None,
    n_jobs: int | None = None,
    progress: Progress = quiet,
) -> StageResult:
    """Estimate the hidden total from linkage's persons into ``out_dir``.

    ``run_demo`` passes ``DIR / "estimate"``. Writes ``estimate.json`` (the result, as
    ``palermo estimate --json`` prints it), ``estimate_config.json`` (the settings) and
    ``capture_histories.csv`` (the counts the estimate was made from).

    Args:
        persons_path: ``persons.parquet`` from linkage, with ``cap_<organisation>``
            0/1 columns (only those, and ``by``, are read).
        out_dir: The stage's folder.
        config: Estimation settings (SparseMSE's stepwise rule with the
            model-conditional interval by default).
        by: Estimate by stratum of this persons column and report their total.
        n_jobs: Processes for a bootstrap.
        progress: Called as bootstrap replicates finish.

    Returns:
        The stage's result; ``details["result"]`` is the :class:`MSEResult` (or
        :class:`StratifiedMSEResult` with ``by``).
    """
    from palermo.estimate import (
        EstimateConfig,
        LogLinearMSE,
        capture_histories,
        estimate_by_stratum,
        read_persons_captures,
    )

    started = time.perf_counter()
    persons = read_persons_captures(persons_path, by)
    config = config or EstimateConfig()

    def report(done: int, total: int) -> None:
        progress("estimate", done, total)

    estimator = LogLinearMSE.from_config(config, n_jobs=n_jobs, progress=report)
    histories = capture_histories(persons)
    result = (
        estimate_by_stratum(persons, by, estimator) if by else estimator.fit(histories)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    histories.to_csv(out_dir / "capture_histories.csv", index=False)
    config.to_json(out_dir / "estimate_config.json")
    (out_dir / "estimate.json").write_text(
        json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    high = f"{result.ci_high:,.0f}" if result.ci_high != float("inf") else "no limit"
    return StageResult(
        stage="estimate",
        folder=out_dir,
        summary={
            "estimated total": f"{result.estimate:,.0f}",
            f"{result.confidence:.0%} interval": (
                f"{result.ci_low:,.0f}-{high} ({result.ci_kind})"
            ),
            "observed": f"{result.observed:,}",
        },
        seconds=time.perf_counter() - started,
        details={"result": result, "estimate_json": out_dir / "estimate.json"},
    )
