"""The bootstrap interval with the model choice repeated in every replicate.

As SparseMSE ``estimatepopulation`` (Chan, Silverman & Vincent 2021, section 3.3):

1. Draw ``n_boot`` tables of capture histories. ``"multinomial"`` (SparseMSE's scheme)
   resamples the people observed: the counts of the observed histories are multinomial
   with the observed proportions. ``"parametric"`` draws from the fitted model: the
   number observed is binomial from the rounded estimate, and their histories are
   multinomial with the fitted proportions.
2. Choose the model afresh on every table and keep its estimate.
3. Jackknife: leave out one person of each observed history in turn and estimate again;
   the count-weighted skewness of these values gives the acceleration ``a``.
4. BCa limits: with ``z0 = Phi^-1(share of replicates below the estimate)``, the limit
   for level ``alpha`` is the replicates' quantile (type 8, as R's) at
   ``Phi(z0 + (z0 + z_alpha) / (1 - a (z0 + z_alpha)))``.

The tables are drawn up front from one seeded generator, so the result does not depend
on how many processes share the work.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from palermo.errors import PalermoError
from palermo.estimate.fit import ModelFit, fit_model
from palermo.estimate.model import FloatArray, Term
from palermo.estimate.selection import Criterion, select_by_criterion, select_stepwise

Scheme = Literal["multinomial", "parametric"]
Progress = Callable[[int, int], None]

# Below this many fits in all, starting processes costs more than it saves.
_PARALLEL_MINIMUM = 64


@dataclass(frozen=True)
class ReplicateSpec:
    """How each replicate chooses its model (small, so that it pickles cheaply).

    Attributes:
        method: ``"stepwise"``, ``"aic"``, ``"bic"``, or ``"fixed"`` (no selection).
        threshold: Stepwise p-value threshold.
        terms: The model for ``"fixed"``.
        models: For AIC/BIC, the candidate models (the best on the original data).
        start: Main-effects parameters of the original data, where every
            replicate's first fit starts.
    """

    method: str
    threshold: float = 0.02
    terms: tuple[Term, ...] = ()
    models: tuple[tuple[Term, ...], ...] = ()
    start: tuple[tuple[Term, float], ...] = ()


def estimate_with(counts: FloatArray, spec: ReplicateSpec) -> float:
    """Choose the model by ``spec`` on ``counts`` and return its estimate (nan if none)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = _choose(counts, spec)
        except (PalermoError, np.linalg.LinAlgError, ValueError):
            # One degenerate sample must not sink a thousand: it counts as no estimate.
            return math.nan
    return fit.estimate if fit.poisson.converged else math.nan


def _choose(counts: FloatArray, spec: ReplicateSpec) -> ModelFit:
    if spec.method == "stepwise":
        return select_stepwise(counts, spec.threshold, start=dict(spec.start)).fit
    if spec.method in ("aic", "bic"):
        criterion: Criterion = "aic" if spec.method == "aic" else "bic"
        return select_by_criterion(counts, criterion, models=spec.models, keep=1).fit
    return fit_model(counts, spec.terms)


def _estimate_tables(tables: NDArray[np.float64], spec: ReplicateSpec) -> FloatArray:
    return np.array([estimate_with(table, spec) for table in tables])


@dataclass(frozen=True)
class BootstrapOutcome:
    """Replicates, jackknife and BCa limits.

    Attributes:
        replicates: The estimate on each bootstrap table (nan where none).
        jackknife: The estimate with one person of each observed history left out.
        weights: How many people each jackknife value stands for.
        acceleration: The BCa acceleration ``a``.
        bias_correction: The BCa ``z0``.
        low: Lower limit.
        high: Upper limit.
    """

    replicates: FloatArray
    jackknife: FloatArray
    weights: FloatArray
    acceleration: float
    bias_correction: float
    low: float
    high: float

    @property
    def failures(self) -> int:
        """Replicates that gave no estimate."""
        return int(np.count_nonzero(~np.isfinite(self.replicates)))


def draw_tables(
    counts: FloatArray,
    n_boot: int,
    seed: int | None,
    scheme: Scheme = "multinomial",
    fit: ModelFit | None = None,
) -> NDArray[np.float64]:
    """Draw the bootstrap tables (rows) over all cells."""
    rng = np.random.default_rng(seed)
    tables = np.zeros((n_boot, counts.shape[0]))
    observed = int(counts.sum())
    if scheme == "multinomial":
        cells = np.flatnonzero(counts > 0)
        tables[:, cells] = rng.multinomial(observed, counts[cells] / observed, n_boot)
        return tables
    if fit is None:
        raise ValueError("the parametric bootstrap needs the fitted model")
    fitted = fit.fitted_all()
    total = round(fit.estimate)
    seen = rng.binomial(total, min(fitted.sum() / fit.estimate, 1.0), n_boot)
    probabilities = fitted / fitted.sum()
    for row, size in enumerate(seen):
        tables[row] = rng.multinomial(size, probabilities)
    return tables


def jackknife_tables(counts: FloatArray) -> tuple[NDArray[np.float64], FloatArray]:
    """One table per observed history with one of its people left out, and the weights."""
    cells = np.flatnonzero(counts > 0)
    tables = np.repeat(counts[None, :], len(cells), axis=0)
    tables[np.arange(len(cells)), cells] -= 1.0
    return tables, counts[cells].astype(np.float64)


def acceleration(jackknife: FloatArray, weights: FloatArray) -> float:
    """SparseMSE's count-weighted jackknife acceleration."""
    finite = np.isfinite(jackknife)
    values, w = jackknife[finite], weights[finite]
    if w.sum() == 0:
        return 0.0
    residuals = (w @ values) / w.sum() - values
    spread = float(w @ residuals**2)
    if spread == 0.0:
        return 0.0
    return float((w @ residuals**3) / (6.0 * spread**1.5))


def bca_limits(
    replicates: FloatArray, estimate: float, accel: float, confidence: float
) -> tuple[float, float, float]:
    """BCa limits ``(low, high, z0)`` from the replicates, as SparseMSE's ``bcaconfvalues``.

    Replicates without an estimate count as above every other (the dark figure was
    unbounded), as an infinite value would.
    """
    values = np.where(np.isfinite(replicates), replicates, np.inf)
    n = values.shape[0]
    share = float(np.mean(values < estimate))
    # Keep z0 finite when every replicate falls on one side (R would fail there).
    share = min(max(share, 0.5 / n), 1.0 - 0.5 / n)
    z0 = float(norm.ppf(share))
    limits = []
    for alpha in ((1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0):
        shifted = z0 + float(norm.ppf(alpha))
        level = float(norm.cdf(z0 + shifted / (1.0 - accel * shifted)))
        limits.append(_quantile_type8(values, level))
    return limits[0], limits[1], z0


def _quantile_type8(values: FloatArray, level: float) -> float:
    # R's quantile type 8 (median-unbiased), written out so that infinite values (no
    # estimate) sort last and only matter when the quantile reaches them.
    ordered = np.sort(values)
    n = int(ordered.shape[0])
    position = (n + 1.0 / 3.0) * level + 1.0 / 3.0
    if position <= 1.0:
        return float(ordered[0])
    if position >= n:
        return float(ordered[-1])
    below = int(math.floor(position))
    fraction = position - below
    first: float = float(ordered[below - 1])
    second: float = float(ordered[below])
    if fraction == 0.0 or first == second:
        return first
    if not math.isfinite(second):
        return math.inf
    return first + fraction * (second - first)


def run_bootstrap(
    counts: FloatArray,
    estimate: float,
    spec: ReplicateSpec,
    n_boot: int,
    seed: int | None,
    confidence: float,
    scheme: Scheme = "multinomial",
    fit: ModelFit | None = None,
    n_jobs: int | None = None,
    progress: Progress | None = None,
) -> BootstrapOutcome:
    """Run the bootstrap and the jackknife, in parallel over processes.

    Args:
        counts: Counts of every cell.
        estimate: The point estimate on the data.
        spec: How each replicate chooses its model.
        n_boot: Number of bootstrap replicates.
        seed: Seed of the generator that draws every table.
        confidence: Coverage of the interval.
        scheme: ``"multinomial"`` (SparseMSE) or ``"parametric"``.
        fit: The fitted model (needed by the parametric scheme).
        n_jobs: Processes to use; all cores when omitted, 1 to stay in this process.
        progress: Called with ``(done, total)`` as replicates finish.

    Returns:
        The outcome, with BCa limits.
    """
    boot = draw_tables(counts, n_boot, seed, scheme, fit)
    jack, weights = jackknife_tables(counts)
    tables = np.vstack([boot, jack])
    results = _map_tables(tables, spec, n_jobs, progress)
    replicates, jackknife = results[:n_boot], results[n_boot:]
    accel = acceleration(jackknife, weights)
    low, high, z0 = bca_limits(replicates, estimate, accel, confidence)
    return BootstrapOutcome(
        replicates=replicates,
        jackknife=jackknife,
        weights=weights,
        acceleration=accel,
        bias_correction=z0,
        low=low,
        high=high,
    )


def _map_tables(
    tables: NDArray[np.float64],
    spec: ReplicateSpec,
    n_jobs: int | None,
    progress: Progress | None,
) -> FloatArray:
    total = tables.shape[0]
    workers = min(n_jobs or os.cpu_count() or 1, max(total // 8, 1))
    results = np.empty(total)
    if workers <= 1 or total < _PARALLEL_MINIMUM:
        step = max(total // 100, 1)
        for start in range(0, total, step):
            stop = min(start + step, total)
            results[start:stop] = _estimate_tables(tables[start:stop], spec)
            if progress is not None:
                progress(stop, total)
        return results
    # Several chunks per worker keep the progress bar moving and the load balanced.
    size = max(total // (workers * 8), 1)
    bounds = [(start, min(start + size, total)) for start in range(0, total, size)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_estimate_tables, tables[start:stop], spec): (start, stop)
            for start, stop in bounds
        }
        for future in as_completed(futures):
            start, stop = futures[future]
            results[start:stop] = future.result()
            done += stop - start
            if progress is not None:
                progress(done, total)
    return results
