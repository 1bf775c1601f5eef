"""Helpers for the estimation tests: the reference datasets and R's numbers."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd

from palermo.errors import StatisticalWarning
from palermo.estimate import CaptureHistories, read_capture_histories

# A copy of ../shared/data/mse: CI sees /work/shared only read-only beside the clone.
DATA = Path(__file__).resolve().parents[2] / "data" / "mse"

DATASETS = sorted(
    path.stem for path in DATA.glob("*.csv") if path.stem != "reference_estimates"
)


def histories(name: str) -> CaptureHistories:
    """The capture histories of one reference dataset."""
    return CaptureHistories.from_frame(read_capture_histories(DATA / f"{name}.csv"))


@cache
def reference() -> pd.DataFrame:
    """Every result of the R reference harness (SparseMSE, Rcapture, ...)."""
    return pd.read_csv(DATA / "reference_estimates.csv")


def reference_row(dataset: str, fun: str, method: str) -> pd.Series:
    """The one reference row of ``dataset`` for R function ``fun`` and ``method``."""
    table = reference()
    rows = table[
        (table.dataset == dataset) & (table.fun == fun) & (table.method == method)
    ]
    assert len(rows) == 1, (dataset, fun, method, len(rows))
    return rows.iloc[0]


@contextmanager
def statistical_doubts_allowed() -> Iterator[list[warnings.WarningMessage]]:
    """Record StatisticalWarnings instead of failing on them (real data raise some)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StatisticalWarning)
        yield caught
