"""Choosing the model: SparseMSE's stepwise rule, and search by AIC or BIC.

**Stepwise** (Chan, Silverman & Vincent 2021; SparseMSE ``stepwisefit``). Start from the
main effects. For every pair of lists not yet in the model, compare the number of people
on both lists with the number the current model expects there: the one-sided Poisson
p-value, in the direction observed. Add the pair with the smallest p-value while it is
below the threshold (0.02 by default), skipping any pair that would leave the model
without an estimate or unidentifiable (those get p = 1); ties go to the first pair.
A pair whose lists share nobody can enter this way; it is then fixed at minus infinity.

SparseMSE runs the existence check on every candidate at every step. The outcome
depends only on the smallest p-value among the candidates that pass, so here the
candidates are checked in order of p-value and the first to pass is taken: the same
model with a handful of linear programs instead of hundreds.

**By criterion** (Silverman, Chan & Vincent 2024; Rcapture ``closedpMS.t``). Fit every
hierarchical model up to ``max_order`` and take the lowest AIC or BIC among those whose
estimate exists and is identifiable. When there are too many models to fit them all,
a greedy forward-backward search is used instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np
from scipy.special import pdtr, pdtrc

from palermo.errors import EstimationError
from palermo.estimate.existence import check_model
from palermo.estimate.fit import ModelFit, fit_model
from palermo.estimate.model import FloatArray, Term, pair_matrix, pair_terms

Criterion = Literal["aic", "bic"]

# Exhaustive search fits every model; beyond this many a greedy search is used.
MAX_EXHAUSTIVE_MODELS = 40_000


@dataclass(frozen=True)
class Candidate:
    """A term that was considered for the model at the last step and left out.

    Attributes:
        term: The term.
        p_value: Its stepwise Poisson p-value (criterion searches: ``nan``).
        check_code: Existence code of the model with it added (0 fine, 1 no
            estimate, 2 not identifiable, 3 both), or ``None`` when not checked.
    """

    term: Term
    p_value: float
    check_code: int | None


@dataclass(frozen=True)
class Step:
    """One term added by the stepwise rule.

    Attributes:
        term: The term added.
        p_value: Its p-value when it was added.
        infinite: Whether it was fixed at minus infinity (its lists share nobody).
    """

    term: Term
    p_value: float
    infinite: bool


@dataclass(frozen=True)
class Selection:
    """The chosen model and how it was chosen.

    Attributes:
        fit: The fit of the chosen model.
        steps: The stepwise additions in order (empty for criterion searches).
        candidates: The terms left out, with the evidence at the last step (filled
            when ``explain`` was asked for).
        ranking: For criterion searches, the best admissible models with their
            criterion value, best first.
        models_fitted: Number of models fitted.
    """

    fit: ModelFit
    steps: tuple[Step, ...]
    candidates: tuple[Candidate, ...]
    ranking: tuple[tuple[tuple[Term, ...], float], ...] = ()
    models_fitted: int = 0


def poisson_p_values(observed: FloatArray, expected: FloatArray) -> FloatArray:
    """One-sided Poisson p-values in the direction observed (not doubled).

    ``min(P(X <= n), P(X >= n))`` for ``X ~ Poisson(expected)``, as SparseMSE.
    """
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(observed - 1.0, expected), 1.0)
    return np.asarray(np.minimum(lower, upper), dtype=np.float64)


def select_stepwise(
    counts: FloatArray,
    threshold: float = 0.02,
    explain: bool = False,
    start: dict[Term, float] | None = None,
) -> Selection:
    """SparseMSE's stepwise selection of pairs by Poisson p-values.

    Args:
        counts: Counts of every cell in canonical order.
        threshold: Add a pair only while its p-value is below this. 0 gives the
            main-effects model; 1 gives the all-pairs model when its estimate
            exists and is identifiable.
        explain: Also check every left-out pair at the last step, to say why it
            was left out (slower; the bootstrap does not ask for it).
        start: Main-effects parameters to start from (the bootstrap passes those of
            the original data, close to every replicate's).

    Returns:
        The selection.
    """
    n_lists = int(math.log2(counts.shape[0] + 1))
    pairs = pair_terms(n_lists)
    fit = fit_model(counts, (), start=start)
    models_fitted = 1
    if threshold == 0:
        return Selection(fit, (), _explain(counts, fit, (), explain, threshold), (), 1)
    if threshold >= 1 and check_model(counts, pairs).code == 0:
        full = fit_model(counts, pairs)
        return Selection(full, (), (), (), 2)
    matrix = pair_matrix(n_lists)
    together = counts @ matrix
    included = np.zeros(len(pairs), dtype=bool)
    terms: tuple[Term, ...] = ()
    steps: list[Step] = []
    while not included.all():
        expected = fit.fitted_all() @ matrix
        p_values = poisson_p_values(together, expected)
        p_values[included] = np.inf
        chosen = None
        # A stable sort keeps the first pair among equal p-values, as SparseMSE.
        for index in np.argsort(p_values, kind="stable"):
            if p_values[index] >= threshold:
                break
            if check_model(counts, (*terms, pairs[index])).code == 0:
                chosen = int(index)
                break
        if chosen is None:
            break
        term = pairs[chosen]
        steps.append(Step(term, float(p_values[chosen]), bool(together[chosen] == 0)))
        terms = (*terms, term)
        included[chosen] = True
        start = fit.coefficient_map()
        if together[chosen] > 0 and expected[chosen] > 0:
            # One step ahead: the new term scales its cells by observed / expected.
            start[term] = math.log(together[chosen] / expected[chosen])
        fit = fit_model(counts, terms, start=start)
        models_fitted += 1
    candidates = _explain(counts, fit, terms, explain, threshold)
    return Selection(fit, tuple(steps), candidates, (), models_fitted)


def _explain(
    counts: FloatArray,
    fit: ModelFit,
    terms: tuple[Term, ...],
    explain: bool,
    threshold: float,
) -> tuple[Candidate, ...]:
    if not explain:
        return ()
    n_lists = int(math.log2(counts.shape[0] + 1))
    pairs = pair_terms(n_lists)
    matrix = pair_matrix(n_lists)
    p_values = poisson_p_values(counts @ matrix, fit.fitted_all() @ matrix)
    return tuple(
        Candidate(pair, float(p), check_model(counts, (*terms, pair)).code)
        for pair, p in zip(pairs, p_values, strict=True)
        if pair not in terms
    )


def hierarchical_models(n_lists: int, max_order: int = 2) -> Iterator[tuple[Term, ...]]:
    """Every hierarchical model with interactions of at most ``max_order`` lists."""
    pairs = pair_terms(n_lists)
    for mask in range(1 << len(pairs)):
        chosen = tuple(p for i, p in enumerate(pairs) if mask >> i & 1)
        if max_order < 3:
            yield chosen
            continue
        present = set(chosen)
        allowed = [
            t
            for t in combinations(range(n_lists), 3)
            if all(sub in present for sub in combinations(t, 2))
        ]
        for size in range(len(allowed) + 1):
            for triples in combinations(allowed, size):
                yield (*chosen, *triples)


def count_hierarchical_models(n_lists: int, max_order: int = 2) -> int:
    """How many models :func:`hierarchical_models` yields (without fitting them)."""
    if max_order < 3:
        return 1 << len(pair_terms(n_lists))
    if n_lists > 6:
        return MAX_EXHAUSTIVE_MODELS + 1  # too many to count quickly; search greedily
    return sum(1 for _ in hierarchical_models(n_lists, max_order))


def criterion_value(fit: ModelFit, criterion: Criterion) -> float:
    """AIC or BIC of a fit; infinite when the fit did not converge."""
    if not fit.poisson.converged:
        return math.inf
    return fit.aic if criterion == "aic" else fit.bic


def select_by_criterion(
    counts: FloatArray,
    criterion: Criterion = "bic",
    max_order: int = 2,
    models: tuple[tuple[Term, ...], ...] | None = None,
    keep: int = 100,
) -> Selection:
    """The admissible model with the lowest AIC or BIC.

    Args:
        counts: Counts of every cell in canonical order.
        criterion: ``"aic"`` or ``"bic"``.
        max_order: Highest order of interaction (2 or 3).
        models: The models to choose among (the bootstrap passes the best models of
            the original data); every hierarchical model when omitted.
        keep: How many of the best admissible models to return in ``ranking``.

    Returns:
        The selection, with the ranking of the best models.

    Raises:
        EstimationError: No candidate model has an estimate.
    """
    n_lists = int(math.log2(counts.shape[0] + 1))
    if models is None and (
        count_hierarchical_models(n_lists, max_order) > MAX_EXHAUSTIVE_MODELS
    ):
        return _greedy(counts, criterion, max_order)
    catalogue = (
        models if models is not None else hierarchical_models(n_lists, max_order)
    )
    scored: list[tuple[float, int, ModelFit]] = []
    # Every fit starts from the main-effects fit: a neighbour's fit would often be
    # closer, but one whose estimate does not exist sends the next fit astray.
    start = fit_model(counts, ()).coefficient_map()
    for order, terms in enumerate(catalogue):
        fit = fit_model(counts, terms, start=start)
        scored.append((criterion_value(fit, criterion), order, fit))
    scored.sort(key=lambda item: (item[0], item[1]))
    ranking: list[tuple[tuple[Term, ...], float]] = []
    best: ModelFit | None = None
    for value, _, fit in scored:
        if not math.isfinite(value):
            break
        if check_model(counts, fit.terms).code != 0:
            continue
        best = best or fit
        ranking.append((fit.terms, value))
        if len(ranking) >= keep:
            break
    if best is None:
        raise EstimationError(
            "no log-linear model has an estimate on these data; try merging small "
            "lists or strata, or check that the lists overlap"
        )
    return Selection(best, (), (), tuple(ranking), len(scored))


def _neighbours(
    terms: tuple[Term, ...], n_lists: int, max_order: int
) -> Iterator[tuple[Term, ...]]:
    present = set(terms)
    for size in range(2, max_order + 1):
        for term in combinations(range(n_lists), size):
            if term in present:
                # Removal keeps the model hierarchical: no larger term may contain it.
                if not any(len(t) > size and set(term) <= set(t) for t in terms):
                    yield tuple(t for t in terms if t != term)
            elif all(
                sub in present for sub in combinations(term, size - 1) if size > 2
            ):
                yield (*terms, term)


def _greedy(counts: FloatArray, criterion: Criterion, max_order: int) -> Selection:
    n_lists = int(math.log2(counts.shape[0] + 1))
    current = fit_model(counts, ())
    current_value = criterion_value(current, criterion)
    fitted = 1
    while True:
        options: list[tuple[float, int, ModelFit]] = []
        for order, terms in enumerate(_neighbours(current.terms, n_lists, max_order)):
            fit = fit_model(counts, terms, start=current.coefficient_map())
            fitted += 1
            options.append((criterion_value(fit, criterion), order, fit))
        options.sort(key=lambda item: (item[0], item[1]))
        moved = False
        for value, _, fit in options:
            if value >= current_value:
                break
            if check_model(counts, fit.terms).code == 0:
                current, current_value, moved = fit, value, True
                break
        if not moved:
            break
    return Selection(current, (), (), ((current.terms, current_value),), fitted)
