"""Benchmark: stepwise selection + 1,000-replicate BCa bootstrap, against SparseMSE.

For UKdat, UKdat_5, Ned and NewOrl this runs what SparseMSE's

    estimatepopulation(zdat, nboot = 1000, pthresh = 0.02, iseed = 1234)

does (stepwise selection repeated in every replicate, then the jackknife), and prints our
wall time beside SparseMSE's (the ``seconds`` column of the reference file, measured on
this machine), the ratio, the peak memory, and the estimates side by side. As a baseline
in this process it also times a plain port of SparseMSE's loop (statsmodels GLM fits and
a linear program for every candidate at every step, no cache) on a few replicates.

Run from the repository root, alone on the machine:

    PYTHONPATH=src python bench/bench_mse.py [--jobs 2] [--datasets UKdat,Ned]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.special import pdtr, pdtrc

from palermo.errors import StatisticalWarning
from palermo.estimate import CaptureHistories, LogLinearMSE, read_capture_histories
from palermo.estimate.bootstrap import draw_tables
from palermo.estimate.existence import check_model
from palermo.estimate.model import build_design, pair_matrix, pair_terms

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "mse"
BOOTSTRAP = "stepwise p=0.02 + BCa bootstrap (nboot=1000, iseed=1234)"


def plain_port_stepwise(counts: np.ndarray, threshold: float = 0.02) -> float:
    """SparseMSE's stepwisefit as written: GLM fits, and an LP for every candidate."""
    n_lists = counts.shape[0].bit_length()
    pairs = pair_terms(n_lists)
    matrix = pair_matrix(n_lists)
    together = counts @ matrix
    terms: tuple = ()

    def fit(model: tuple) -> tuple[np.ndarray, float]:
        design = build_design(counts, model)
        result = sm.GLM(
            design.counts, design.matrix, family=sm.families.Poisson()
        ).fit()
        fitted = np.zeros(counts.shape[0])
        fitted[design.kept] = result.fittedvalues
        return fitted, counts.sum() + np.exp(result.params[0])

    fitted, estimate = fit(terms)
    included = np.zeros(len(pairs), dtype=bool)
    while not included.all():
        expected = fitted @ matrix
        lower = pdtr(together, expected)
        upper = np.where(together > 0, pdtrc(together - 1, expected), 1.0)
        p_values = np.minimum(lower, upper)
        for j, pair in enumerate(pairs):
            if included[j] or check_model(counts, (*terms, pair), method="lp").code:
                p_values[j] = 1.0
        best = int(np.argmin(p_values))
        if p_values[best] >= threshold:
            break
        terms = (*terms, pairs[best])
        included[best] = True
        fitted, estimate = fit(terms)
    return float(estimate)


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers (less sensitive to load)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="processes (all cores)")
    parser.add_argument("--datasets", default="UKdat,UKdat_5,Ned,NewOrl")
    parser.add_argument("--nboot", type=int, default=1000)
    parser.add_argument("--baseline-replicates", type=int, default=10)
    args = parser.parse_args()
    reference = pd.read_csv(DATA / "reference_estimates.csv")
    warnings.simplefilter("ignore", StatisticalWarning)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'dataset':10} {'ours s':>7} {'cpu s':>6} {'R s':>7} {'R/ours':>7} {'port s/rep':>10} "
        f"{'port/ours':>9} "
        f"{'estimate':>9} {'R':>9} {'BCa ours':>19} {'BCa R':>19} {'RSS MB':>13}"
    )
    for name in args.datasets.split(","):
        data = CaptureHistories.from_frame(read_capture_histories(DATA / f"{name}.csv"))
        row = reference[
            (reference.dataset == name)
            & (reference.fun == "estimatepopulation")
            & (reference.method == BOOTSTRAP)
        ].iloc[0]
        estimator = LogLinearMSE(bootstrap=args.nboot, seed=1234, n_jobs=args.jobs)
        start, cpu = time.perf_counter(), cpu_seconds()
        result = estimator.fit(data)
        ours = time.perf_counter() - start
        cpu = cpu_seconds() - cpu
        tables = draw_tables(data.counts, args.baseline_replicates, 99)
        start = time.perf_counter()
        for table in tables:
            plain_port_stepwise(table)
        port = (time.perf_counter() - start) / args.baseline_replicates
        own, workers = peak_memory_mb()
        print(
            f"{name:10} {ours:7.1f} {cpu:6.1f} {row.seconds:7.1f} {row.seconds / ours:6.0f}x "
            f"{port:10.3f} {port * args.nboot / ours:8.0f}x "
            f"{result.estimate:9.0f} {row.estimate:9.0f} "
            f"{result.ci_low:9.0f}-{result.ci_high:<9.0f} "
            f"{row.ci_low:9.0f}-{row.ci_high:<9.0f} {own:6.0f}/{workers:<6.0f}",
            flush=True,
        )
    print(
        "ours s: wall time of the whole fit (selection, profile, 1,000 bootstrap "
        "replicates, jackknife); cpu s: its CPU time over all processes; R s: "
        "SparseMSE's; port s/rep: one replicate of a plain "
        "port of SparseMSE's loop, timed in this process (multiply by ~1,000 for a "
        "full bootstrap); port/ours: that plain port's whole bootstrap against ours "
        "(the baseline ratio); RSS MB: "
        "peak resident memory of this process / of the largest worker."
    )


if __name__ == "__main__":
    main()
