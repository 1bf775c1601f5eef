"""Poisson log-linear multiple systems estimation: the estimator users call.

``LogLinearMSE(method="stepwise", threshold=0.02).fit(histories)`` chooses the model as
SparseMSE does, reports the model-conditional interval SparseMSE reports and the
profile-likelihood interval, and with ``bootstrap=N`` the BCa interval with the model
choice repeated in every replicate.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from types import MappingProxyType
from typing import Any

import numpy as np

from palermo.errors import ConvergenceError, StatisticalWarning
from palermo.estimate.base import MSEEstimator, people_on_several_lists
from palermo.estimate.bootstrap import (
    BootstrapOutcome,
    Progress,
    ReplicateSpec,
    Scheme,
    run_bootstrap,
)
from palermo.estimate.config import EstimateConfig, IntervalKind, Method
from palermo.estimate.existence import (
    NO_ESTIMATE,
    NOT_IDENTIFIABLE,
    count_triples,
    non_overlapping_pairs,
)
from palermo.estimate.fit import ModelFit, fit_model
from palermo.estimate.histories import CaptureHistories
from palermo.estimate.intervals import model_conditional_interval, profile_interval
from palermo.estimate.messages import Notice, notice
from palermo.estimate.model import FloatArray, pair_matrix, pair_terms, term_name
from palermo.estimate.result import ExcludedTerm, ModelTerm, MSEResult
from palermo.estimate.selection import Selection, select_by_criterion, select_stepwise

# Below this many people on two or more lists the estimate rests on too few overlaps.
SPARSE_OVERLAP = 20
# Reasonable models disagreeing by more than this factor: the estimate is model-bound.
MODEL_DEPENDENCE = 1.5
# An estimate this many times the observed number is mostly inferred.
LARGE_DARK_FIGURE = 10.0
_SENSITIVITY_THRESHOLDS = (0.001, 0.05)


class LogLinearMSE(MSEEstimator):
    """Multiple systems estimation with Poisson log-linear models.

    Args:
        method: Model choice: ``"stepwise"`` (SparseMSE; default), ``"aic"``,
            ``"bic"``, or ``"main"`` (lists independent).
        threshold: Stepwise p-value threshold (0.02).
        max_order: Highest interaction order for AIC/BIC search (2 or 3).
        interval: ``"model"``, ``"profile"`` or ``"bca"``; by default BCa when
            ``bootstrap`` is set, else model-conditional.
        bootstrap: Bootstrap replicates (0 for none).
        scheme: Bootstrap scheme, ``"multinomial"`` (SparseMSE) or ``"parametric"``.
        seed: Seed of the bootstrap (1234 as SparseMSE unless given).
        confidence: Coverage of the interval (0.95).
        top_models: Models each AIC/BIC bootstrap replicate chooses among.
        n_jobs: Processes for the bootstrap; all cores when omitted.
        progress: Called with ``(done, total)`` as bootstrap replicates finish.
        config: Settings as one object (overrides the arguments above).

    Example:
        >>> result = LogLinearMSE(method="stepwise", threshold=0.02).fit(histories)
        >>> result.estimate, result.ci_low, result.ci_high
    """

    def __init__(
        self,
        method: Method = "stepwise",
        threshold: float = 0.02,
        max_order: int = 2,
        interval: IntervalKind | None = None,
        bootstrap: int = 0,
        scheme: Scheme = "multinomial",
        seed: int | None = 1234,
        confidence: float = 0.95,
        top_models: int = 100,
        *,
        n_jobs: int | None = None,
        progress: Progress | None = None,
        config: EstimateConfig | None = None,
    ) -> None:
        self.config = config or EstimateConfig(
            method=method,
            threshold=threshold,
            max_order=max_order,
            interval=interval,
            bootstrap=bootstrap,
            scheme=scheme,
            seed=seed,
            confidence=confidence,
            top_models=top_models,
        )
        self.n_jobs = n_jobs
        self.progress = progress

    @classmethod
    def from_config(
        cls,
        config: EstimateConfig,
        *,
        n_jobs: int | None = None,
        progress: Progress | None = None,
    ) -> LogLinearMSE:
        """An estimator with ``config``'s settings."""
        return cls(config=config, n_jobs=n_jobs, progress=progress)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.config.to_dict().items())
        return f"LogLinearMSE({settings})"

    def select(self, counts: FloatArray, explain: bool = False) -> Selection:
        """Choose and fit the model on counts of every cell, by the configured method."""
        config = self.config
        if config.method == "stepwise":
            return select_stepwise(counts, config.threshold, explain=explain)
        if config.method in ("aic", "bic"):
            return select_by_criterion(
                counts,
                "aic" if config.method == "aic" else "bic",
                config.max_order,
                keep=config.top_models,
            )
        return select_stepwise(counts, 0.0, explain=explain)

    def _fit(self, data: CaptureHistories, empty_lists: tuple[str, ...]) -> MSEResult:
        config = self.config
        selection = self.select(data.counts, explain=True)
        fit = selection.fit
        if not fit.poisson.converged:
            raise ConvergenceError(
                "the chosen model did not converge. Try: method='stepwise' with a "
                "lower threshold, merging small lists, or pooling strata."
            )
        notices: list[Notice] = []
        intervals: list[tuple[str, float, float]] = []
        low, high = model_conditional_interval(fit, config.confidence)
        intervals.append(("model", low, high))
        profile_low, profile_high, most_likely = profile_interval(
            fit, config.confidence
        )
        intervals.append(("profile", profile_low, profile_high))
        if not math.isfinite(profile_high) and config.interval_kind == "profile":
            notices.append(notice("no_upper_limit"))
        outcome: BootstrapOutcome | None = None
        if config.replicates > 0:
            outcome = run_bootstrap(
                data.counts,
                fit.estimate,
                self._replicate_spec(selection, data),
                config.replicates,
                config.seed,
                config.confidence,
                config.scheme,
                fit,
                self.n_jobs,
                self.progress,
            )
            intervals.append(("bca", outcome.low, outcome.high))
            if outcome.failures:
                notices.append(
                    notice(
                        "bootstrap_failures",
                        failures=outcome.failures,
                        n_boot=config.replicates,
                    )
                )
        sensitivity = self._sensitivity(data, fit)
        notices.extend(_doubts(data, fit, sensitivity))
        for item in notices:
            warnings.warn(item.text("en"), StatisticalWarning, stacklevel=3)
        # Not a doubt about these data but the method's known direction of bias
        # (docs/estimate.md): stated on every result, not raised as a warning.
        notices.append(notice("downward_bias"))
        kind = config.interval_kind
        ci_low, ci_high = next((lo, hi) for k, lo, hi in intervals if k == kind)
        diagnostics = _diagnostics(data, selection, sensitivity, most_likely, outcome)
        diagnostics["lists_left_out"] = list(empty_lists)
        return MSEResult(
            estimate=fit.estimate,
            ci_low=ci_low,
            ci_high=ci_high,
            ci_kind=kind,
            confidence=config.confidence,
            observed=data.observed,
            dark_figure=fit.dark_figure,
            lists=data.lists,
            terms=_model_terms(data, selection),
            excluded=_excluded(data, selection, config),
            intervals=tuple(intervals),
            notices=tuple(notices),
            diagnostics=MappingProxyType(diagnostics),
            settings=config,
            fingerprint=_fingerprint(data, config),
            bootstrap=outcome,
        )

    def _replicate_spec(
        self, selection: Selection, data: CaptureHistories
    ) -> ReplicateSpec:
        config = self.config
        start = tuple(fit_model(data.counts, ()).coefficient_map().items())
        if config.method == "stepwise":
            return ReplicateSpec("stepwise", config.threshold, start=start)
        if config.method in ("aic", "bic"):
            models = tuple(terms for terms, _ in selection.ranking)
            return ReplicateSpec(config.method, models=models)
        return ReplicateSpec("stepwise", 0.0, start=start)

    def _sensitivity(self, data: CaptureHistories, fit: ModelFit) -> dict[str, float]:
        """Estimates under other reasonable models, to see how much the choice matters."""
        estimates = {"main effects": fit_model(data.counts, ()).estimate}
        for threshold in (*_SENSITIVITY_THRESHOLDS, 0.02):
            chosen = select_stepwise(data.counts, threshold).fit
            estimates[f"stepwise p={threshold:g}"] = chosen.estimate
        estimates["chosen"] = fit.estimate
        return estimates


def _doubts(
    data: CaptureHistories, fit: ModelFit, sensitivity: dict[str, float]
) -> list[Notice]:
    doubts: list[Notice] = []
    overlap = people_on_several_lists(data)
    if overlap < SPARSE_OVERLAP:
        doubts.append(notice("sparse_overlap", overlap=overlap, observed=data.observed))
    values = [v for v in sensitivity.values() if math.isfinite(v)]
    if values and max(values) > MODEL_DEPENDENCE * min(values):
        doubts.append(notice("model_dependence", low=min(values), high=max(values)))
    if fit.estimate > LARGE_DARK_FIGURE * data.observed:
        doubts.append(
            notice(
                "large_dark_figure",
                estimate=fit.estimate,
                ratio=LARGE_DARK_FIGURE,
                observed=data.observed,
            )
        )
    return doubts


def _model_terms(data: CaptureHistories, selection: Selection) -> tuple[ModelTerm, ...]:
    fit = selection.fit
    coefficients = fit.coefficient_map()
    columns = {column: i for i, column in enumerate(fit.design.columns)}
    covariance = fit.poisson.covariance
    p_values = {step.term: step.p_value for step in selection.steps}
    terms = []
    for term in fit.terms:
        name = term_name(term, data.lists)
        if term in fit.design.infinite_terms:
            a, b = (data.lists[j] for j in term[:2])
            terms.append(
                ModelTerm(
                    name,
                    True,
                    -math.inf,
                    math.nan,
                    p_values.get(term),
                    notice("never_overlap", term=name, a=a, b=b),
                )
            )
        else:
            index = columns[term]
            terms.append(
                ModelTerm(
                    name,
                    False,
                    coefficients[term],
                    math.sqrt(max(float(covariance[index, index]), 0.0)),
                    p_values.get(term),
                )
            )
    return tuple(terms)


def _excluded(
    data: CaptureHistories, selection: Selection, config: EstimateConfig
) -> tuple[ExcludedTerm, ...]:
    fit = selection.fit
    chosen = set(fit.terms)
    excluded = []
    if config.method in ("aic", "bic", "main"):
        reason = "not_in_best_model"
        if config.method == "main":
            reason = "independence_assumed"
        for pair in pair_terms(data.n_lists):
            if pair not in chosen:
                name = term_name(pair, data.lists)
                explanation = notice(reason, term=name, criterion=config.method.upper())
                excluded.append(ExcludedTerm(name, reason, None, explanation))
        return tuple(excluded)
    expected = fit.fitted_all() @ pair_matrix(data.n_lists)
    together = data.counts @ pair_matrix(data.n_lists)
    index = {pair: i for i, pair in enumerate(pair_terms(data.n_lists))}
    for candidate in selection.candidates:
        name = term_name(candidate.term, data.lists)
        a, b = (data.lists[j] for j in candidate.term)
        code = candidate.check_code or 0
        if code == NO_ESTIMATE | NOT_IDENTIFIABLE:
            reason = "no_estimate_not_identifiable"
        elif code == NO_ESTIMATE:
            reason = "no_estimate"
        elif code == NOT_IDENTIFIABLE:
            reason = "not_identifiable"
        else:
            reason = "not_significant"
        values: dict[str, Any] = {"term": name, "a": a, "b": b}
        if reason == "not_significant":
            i = index[candidate.term]
            values |= {
                "observed": float(together[i]),
                "expected": float(expected[i]),
                "p": candidate.p_value,
                "threshold": config.threshold if config.method == "stepwise" else 0.0,
            }
        excluded.append(
            ExcludedTerm(name, reason, candidate.p_value, notice(reason, **values))
        )
    return tuple(excluded)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _diagnostics(
    data: CaptureHistories,
    selection: Selection,
    sensitivity: dict[str, float],
    most_likely: float,
    outcome: BootstrapOutcome | None,
) -> dict[str, Any]:
    fit = selection.fit
    names = data.lists
    result: dict[str, Any] = {
        "log_dark_figure": fit.log_dark_figure,
        "log_dark_figure_se": fit.log_dark_figure_se,
        "deviance": fit.poisson.deviance,
        "loglik": fit.poisson.loglik,
        "aic": fit.aic,
        "bic": fit.bic,
        "n_parameters": fit.n_parameters,
        "cells_fitted": int(fit.design.kept.sum()),
        "iterations": fit.poisson.iterations,
        "models_fitted": selection.models_fitted,
        "selection": [
            {
                "term": term_name(step.term, names),
                "p_value": step.p_value,
                "infinite": step.infinite,
            }
            for step in selection.steps
        ],
        "non_overlapping_pairs": [
            term_name(pair, names) for pair in non_overlapping_pairs(data.counts)
        ],
        "chance_of_empty_overlap": {
            term_name(term, names): p
            for term, p in fit.chance_of_empty_overlap().items()
        },
        "overlapping_triples": count_triples(data.counts),
        "people_on_several_lists": people_on_several_lists(data),
        "sensitivity": {k: _finite(v) for k, v in sensitivity.items()},
        "profile_most_likely_total": most_likely,
    }
    if selection.ranking:
        result["best_models"] = [
            {"model": [term_name(t, names) for t in terms], "criterion": value}
            for terms, value in selection.ranking[:10]
        ]
    if outcome is not None:
        finite = outcome.replicates[np.isfinite(outcome.replicates)]
        result["bootstrap"] = {
            "replicates": int(outcome.replicates.shape[0]),
            "failures": outcome.failures,
            "acceleration": outcome.acceleration,
            "bias_correction": outcome.bias_correction,
            "median": float(np.median(finite)) if finite.size else None,
        }
    return result


def _fingerprint(data: CaptureHistories, config: EstimateConfig) -> str:
    digest = hashlib.sha256()
    digest.update(data.fingerprint().encode())
    digest.update(json.dumps(config.to_dict(), sort_keys=True).encode())
    return digest.hexdigest()
