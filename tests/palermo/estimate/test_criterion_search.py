"""Model choice by BIC or AIC against MultipleSystemsEstimation and Rcapture.

Expected values from MultipleSystemsEstimation 1.2.0 and Rcapture 1.4-4 (reference
harness, R 4.2.2)::

    library(MultipleSystemsEstimation)
    estimate_population_bic(zdat, maxorder = 2)   # or maxorder = 3 (K = 4, 5)
    library(Rcapture)
    closedpMS.t(zdat, dfreq = TRUE, maxorder = 2)  # lowest BIC among all models

Both count every parameter of the model, those fixed at minus infinity included, and
BIC uses n = the number of people observed.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import pytest
from mse_reference import histories, reference, statistical_doubts_allowed

from palermo.estimate import LogLinearMSE
from palermo.estimate.selection import select_by_criterion


def _bic_rows(order: int) -> list[Any]:
    table = reference()
    rows = table[
        (table.package == "MultipleSystemsEstimation")
        & (table.fun == "estimate_population_bic")
        & table.method.str.contains(f"maxorder={order}")
        & ~table.method.str.contains("BCa")
    ]
    # Five-list searches fit 1,024 (pairs) or 6,212 (triples) models: the fast suite
    # keeps two of them, the rest run with the slow tests.
    fast = {"UKdat_5", "Western"} if order == 2 else set()
    return [
        pytest.param(
            r.dataset,
            r.estimate,
            r.bic,
            r.model,
            marks=[] if r.n_lists < 5 or r.dataset in fast else [pytest.mark.slow],
        )
        for r in rows.itertuples()
    ]


def _short(terms: tuple, n_lists: int) -> set[str]:
    # MultipleSystemsEstimation writes a hierarchical model by its largest terms, by
    # list number, with lists in no interaction on their own: [123,14,34], [12,13,4].
    largest = [t for t in terms if not any(set(t) < set(u) for u in terms)]
    names = {"".join(str(j + 1) for j in t) for t in largest}
    covered = {j for t in terms for j in t}
    names |= {str(j + 1) for j in range(n_lists) if j not in covered}
    return names


@pytest.mark.parametrize(("dataset", "estimate", "bic", "model"), _bic_rows(2))
def test_lowest_bic_pairwise_model_equals_multiple_systems_estimation(
    dataset: str, estimate: float, bic: float, model: str
) -> None:
    data = histories(dataset)
    selection = select_by_criterion(data.counts, "bic", max_order=2)
    assert selection.fit.estimate == pytest.approx(estimate, rel=1e-6)
    assert selection.fit.bic == pytest.approx(bic, rel=1e-6)
    assert _short(selection.fit.terms, data.n_lists) == set(
        model.strip("[]").split(",")
    )


@pytest.mark.parametrize(("dataset", "estimate", "bic", "model"), _bic_rows(3))
def test_lowest_bic_model_with_triples_equals_multiple_systems_estimation(
    dataset: str, estimate: float, bic: float, model: str
) -> None:
    data = histories(dataset)
    selection = select_by_criterion(data.counts, "bic", max_order=3)
    assert selection.fit.estimate == pytest.approx(estimate, rel=1e-6)
    assert selection.fit.bic == pytest.approx(bic, rel=1e-6)
    assert _short(selection.fit.terms, data.n_lists) == set(
        model.strip("[]").split(",")
    )


def test_it_never_chooses_a_model_whose_estimate_does_not_exist() -> None:
    # Rcapture's closedpMS.t picks [12,3] on Artificial_3 and reports N = 1.39e13;
    # MultipleSystemsEstimation, like us, refuses that model and keeps [1,2,3].
    table = reference()
    rcapture = table[
        (table.dataset == "Artificial_3") & (table.fun == "closedpMS.t + closedpCI.t")
    ]
    assert rcapture.estimate.iloc[0] > 1e13
    with statistical_doubts_allowed():
        result = LogLinearMSE(method="bic").fit(histories("Artificial_3"))
    assert result.model == ()
    assert result.estimate == pytest.approx(539.093929428606, rel=1e-6)


def test_the_aic_search_reports_why_pairs_were_left_out() -> None:
    with statistical_doubts_allowed():
        result = LogLinearMSE(method="aic").fit(histories("UKdat_5"))
    assert math.isfinite(result.estimate)
    assert {e.reason for e in result.excluded} == {"not_in_best_model"}
    assert len(result.model) + len(result.excluded) == 10
    ranking = result.diagnostics["best_models"]
    assert ranking[0]["criterion"] == pytest.approx(result.diagnostics["aic"])
    assert all(a["criterion"] <= b["criterion"] for a, b in pairwise(ranking))


def test_six_lists_search_greedily_when_exhaustive_search_is_too_big() -> None:
    data = histories("NewOrl")  # 2^28 pairwise models: far too many to fit
    selection = select_by_criterion(data.counts, "bic", max_order=2)
    assert selection.models_fitted < 5000
    assert math.isfinite(selection.fit.estimate)
