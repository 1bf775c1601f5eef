"""Estimates by stratum (sex, child or adult, form of exploitation) that add up.

Capture probabilities differ between groups of victims; estimating each group on its own
and adding the totals removes that source of bias (the UNODC research briefs estimate
"by year, age, gender, form of exploitation and nationality"). The strata must be
disjoint so that their totals add up: a person with several forms of exploitation goes
into the stratum ``multiple``.

A stratum with too few people, too few overlaps or no estimate is pooled with the other
such strata (a :class:`~palermo.errors.StatisticalWarning` says so), so that every
person observed is counted in exactly one estimate. When even the pooled strata are too
sparse (a handful of people of unknown sex, say), they join the largest stratum, with a
warning, instead of stopping the estimate.

The total's interval: with a bootstrap, the strata's replicates are added replicate by
replicate and the BCa limits taken from the sums (with a jackknife over every person).
Without, each stratum's dark figure is taken as independent with the delta-method
variance of its log-normal interval, and the total's dark figure as log-normal with the
same mean and variance.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.stats import norm

from palermo.errors import EstimationError, InputError, StatisticalWarning
from palermo.estimate.base import (
    check_estimable,
    drop_empty_lists,
    people_on_several_lists,
)
from palermo.estimate.bootstrap import acceleration, bca_limits
from palermo.estimate.config import EstimateConfig
from palermo.estimate.histories import CaptureHistories, capture_histories
from palermo.estimate.loglinear import LogLinearMSE
from palermo.estimate.messages import Notice, notice
from palermo.estimate.result import MSEResult

POOLED = "pooled"
MULTIPLE = "multiple"
UNKNOWN = "unknown"


@dataclass(frozen=True, eq=False)
class StratifiedMSEResult:
    """Estimates by stratum and their total.

    Attributes:
        by: The column the persons were divided by.
        strata: Each stratum's name and result (sparse strata pooled as ``pooled``).
        pooled: The strata that were pooled because they were too sparse.
        estimate: The total: the sum of the strata's estimates.
        ci_low: Lower limit for the total.
        ci_high: Upper limit for the total.
        ci_kind: ``"bca"`` (summed bootstrap) or ``"model"`` (combined log-normal).
        confidence: Coverage.
        observed: People observed in all strata.
        lists: The lists.
        notices: Doubts about the stratification (pooled strata).
        settings: The settings used in every stratum.
        fingerprint: SHA-256 of the strata's fingerprints.
    """

    by: str
    strata: tuple[tuple[str, MSEResult], ...]
    pooled: tuple[str, ...]
    estimate: float
    ci_low: float
    ci_high: float
    ci_kind: str
    confidence: float
    observed: int
    lists: tuple[str, ...]
    notices: tuple[Notice, ...]
    settings: EstimateConfig
    fingerprint: str

    def stratum(self, name: str) -> MSEResult:
        """The result of one stratum."""
        for key, result in self.strata:
            if key == name:
                return result
        raise KeyError(f"no stratum {name!r}; have {[k for k, _ in self.strata]}")

    def summary(self) -> pd.DataFrame:
        """One row per stratum and one for the total."""
        rows = [
            {
                "stratum": name,
                "observed": result.observed,
                "estimate": result.estimate,
                "low": result.ci_low,
                "high": result.ci_high,
                "interval": result.ci_kind,
                "model": " + ".join(result.model) or "main effects",
            }
            for name, result in self.strata
        ]
        rows.append(
            {
                "stratum": "total",
                "observed": self.observed,
                "estimate": self.estimate,
                "low": self.ci_low,
                "high": self.ci_high,
                "interval": self.ci_kind,
                "model": "sum of strata",
            }
        )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: the total with the keys of an estimate, and the strata."""
        return {
            "estimate": self.estimate,
            "ci_low": self.ci_low if math.isfinite(self.ci_low) else None,
            "ci_high": self.ci_high if math.isfinite(self.ci_high) else None,
            "ci_kind": self.ci_kind,
            "confidence": self.confidence,
            "model": None,
            "observed": self.observed,
            "lists": list(self.lists),
            "by": self.by,
            "pooled": list(self.pooled),
            "strata": {name: result.to_dict() for name, result in self.strata},
            "warnings": [n.to_dict() for n in self.notices],
            "settings": self.settings.to_dict(),
            "fingerprint": self.fingerprint,
        }

    def __repr__(self) -> str:
        return (
            f"StratifiedMSEResult(by={self.by!r}, strata={len(self.strata)}, "
            f"estimate={self.estimate:,.0f}, {self.confidence:.0%} {self.ci_kind} "
            f"interval [{self.ci_low:,.0f}, {self.ci_high:,.0f}], "
            f"observed={self.observed:,})"
        )


def stratum_of(value: Any) -> str:
    """The stratum of one person's value: lists with several values go to ``multiple``."""
    if isinstance(value, list | tuple | np.ndarray):
        values = [str(v) for v in value if v is not None]
        if not values:
            return UNKNOWN
        return values[0] if len(set(values)) == 1 else MULTIPLE
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN
    return str(value)


def _sparsity(histories: CaptureHistories, min_observed: int, min_overlap: int) -> str:
    if histories.observed < min_observed:
        return f"{histories.observed} people observed, fewer than {min_observed}"
    overlap = people_on_several_lists(histories)
    if overlap < min_overlap:
        return f"{overlap} people on several lists, fewer than {min_overlap}"
    try:
        check_estimable(drop_empty_lists(histories)[0])
    except EstimationError:
        return "no model has an estimate"
    return ""


def estimate_by_stratum(
    persons: pa.Table | pd.DataFrame,
    by: str,
    estimator: LogLinearMSE | None = None,
    lists: Sequence[str] | None = None,
    min_observed: int = 30,
    min_overlap: int = 5,
) -> StratifiedMSEResult:
    """Estimate the total in each stratum of ``by`` and add them up.

    Args:
        persons: The persons table (with ``cap_*`` columns and the column ``by``).
        by: The column to stratify by, such as ``sex``, ``child`` or
            ``forms_of_exploitation``.
        estimator: The estimator to use in every stratum (default settings if
            omitted); its seed is varied by stratum so that strata draw independently.
        lists: The organisations to use as lists (all ``cap_*`` columns by default).
        min_observed: Strata with fewer people observed are pooled.
        min_overlap: Strata with fewer people on several lists are pooled.

    Returns:
        The strata and their total.

    Raises:
        InputError: ``by`` is not a column of the persons table.
        EstimationError: No stratum, pooled or not, has an estimate.
    """
    frame = persons.to_pandas() if isinstance(persons, pa.Table) else persons
    if by not in frame.columns:
        raise InputError(f"the persons table has no column {by!r} to stratify by")
    estimator = estimator or LogLinearMSE()
    keys = frame[by].map(stratum_of)
    groups = {str(k): frame[keys == k] for k in sorted(keys.unique())}
    histories = {
        name: CaptureHistories.from_frame(capture_histories(group, lists))
        for name, group in groups.items()
        if _has_anyone(group, lists)
    }
    all_lists = next(iter(histories.values())).lists if histories else ()
    notices: list[Notice] = []
    sparse = {
        name: reason
        for name, data in histories.items()
        if (reason := _sparsity(data, min_observed, min_overlap))
    }
    for name, reason in sparse.items():
        item = notice("sparse_stratum", stratum=name, reason=reason)
        notices.append(item)
        warnings.warn(item.text("en"), StatisticalWarning, stacklevel=2)
    plan = {name: groups[name] for name in histories if name not in sparse}
    if sparse:
        pooled_group = pd.concat([groups[name] for name in sparse])
        pooled_data = CaptureHistories.from_frame(
            capture_histories(pooled_group, lists)
        )
        if _sparsity(pooled_data, 1, 1) and plan:
            # No estimate even together: join them to the largest stratum, which
            # their few people move least, so that everyone is still counted once.
            largest = max(plan, key=lambda name: len(plan[name]))
            merged = f"{largest}+{POOLED}"
            plan[merged] = pd.concat([plan.pop(largest), pooled_group])
            item = notice(
                "sparse_strata_merged", strata=", ".join(sparse), stratum=largest
            )
            notices.append(item)
            warnings.warn(item.text("en"), StatisticalWarning, stacklevel=2)
        else:
            plan[POOLED] = pooled_group
    results = _estimate_plan(plan, estimator, lists)
    notices.append(notice("downward_bias"))
    return _total(by, results, tuple(sparse), all_lists, notices, estimator.config)


def _has_anyone(group: pd.DataFrame, lists: Sequence[str] | None) -> bool:
    try:
        capture_histories(group, lists)
    except InputError:
        return False
    return True


def _estimate_plan(
    plan: dict[str, pd.DataFrame],
    estimator: LogLinearMSE,
    lists: Sequence[str] | None,
) -> list[tuple[str, MSEResult]]:
    results = []
    base = estimator.config
    progress = estimator.progress
    count = len(plan)
    for index, (name, group) in enumerate(plan.items()):
        seed = base.seed
        if seed is not None:
            seed = int(np.random.SeedSequence([seed, index]).generate_state(1)[0])
        config = replace(base, seed=seed)

        def report(done: int, total: int, offset: int = index) -> None:
            if progress is not None:
                progress(offset * total + done, count * total)

        stratum_estimator = LogLinearMSE.from_config(
            config, n_jobs=estimator.n_jobs, progress=report
        )
        results.append((name, stratum_estimator.fit(capture_histories(group, lists))))
    return results


def _total(
    by: str,
    results: list[tuple[str, MSEResult]],
    pooled: tuple[str, ...],
    lists: tuple[str, ...],
    notices: list[Notice],
    config: EstimateConfig,
) -> StratifiedMSEResult:
    estimate = sum(result.estimate for _, result in results)
    observed = sum(result.observed for _, result in results)
    outcomes = [result.bootstrap for _, result in results]
    if outcomes and all(outcome is not None for outcome in outcomes):
        low, high = _summed_bootstrap(results, estimate, config.confidence)
        kind = "bca"
    else:
        low, high = _combined_log_normal(results, observed, config.confidence)
        kind = "model"
    digest = hashlib.sha256()
    for name, result in results:
        digest.update(name.encode())
        digest.update(result.fingerprint.encode())
    return StratifiedMSEResult(
        by=by,
        strata=tuple(results),
        pooled=pooled,
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        ci_kind=kind,
        confidence=config.confidence,
        observed=observed,
        lists=lists,
        notices=tuple(notices),
        settings=config,
        fingerprint=digest.hexdigest(),
    )


def _combined_log_normal(
    results: list[tuple[str, MSEResult]], observed: int, confidence: float
) -> tuple[float, float]:
    dark = 0.0
    variance = 0.0
    for _, result in results:
        se = float(result.diagnostics["log_dark_figure_se"])
        dark += result.dark_figure
        variance += (result.dark_figure * se) ** 2
    if dark == 0.0:
        return float(observed), float(observed)
    spread = float(norm.ppf(0.5 + confidence / 2.0)) * math.sqrt(
        math.log1p(variance / dark**2)
    )
    return observed + dark * math.exp(-spread), observed + dark * math.exp(spread)


def _summed_bootstrap(
    results: list[tuple[str, MSEResult]], estimate: float, confidence: float
) -> tuple[float, float]:
    outcomes = [result.bootstrap for _, result in results]
    replicates = np.sum([o.replicates for o in outcomes if o is not None], axis=0)
    jackknife: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for (_, result), outcome in zip(results, outcomes, strict=True):
        if outcome is None:
            continue
        # Leaving one person out changes only their own stratum's estimate.
        jackknife.append(estimate - result.estimate + outcome.jackknife)
        weights.append(outcome.weights)
    accel = acceleration(np.concatenate(jackknife), np.concatenate(weights))
    low, high, _ = bca_limits(replicates, estimate, accel, confidence)
    return low, high
