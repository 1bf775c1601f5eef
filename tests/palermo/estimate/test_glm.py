"""Our Newton fit against statsmodels' GLM, the well-kept reference in Python."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from mse_reference import histories

from palermo.estimate.fit import fit_model
from palermo.estimate.glm import fit_poisson
from palermo.estimate.model import build_design, pair_terms


@pytest.mark.parametrize(
    ("dataset", "n_pairs"),
    [("UKdat", 0), ("UKdat", 7), ("Kosovo", 6), ("Western", 10), ("hare", 15)],
)
def test_newton_fit_equals_statsmodels_glm(dataset: str, n_pairs: int) -> None:
    data = histories(dataset)
    design = build_design(data.counts, pair_terms(data.n_lists)[:n_pairs])
    ours = fit_poisson(design.matrix, design.counts)
    theirs = sm.GLM(design.counts, design.matrix, family=sm.families.Poisson()).fit()
    assert ours.converged
    np.testing.assert_allclose(ours.coefficients, theirs.params, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        ours.covariance, theirs.cov_params(), rtol=1e-5, atol=1e-9
    )
    assert ours.loglik == pytest.approx(theirs.llf, rel=1e-9)
    assert ours.deviance == pytest.approx(theirs.deviance, rel=1e-6, abs=1e-8)


def test_a_warm_start_reaches_the_same_fit() -> None:
    data = histories("UKdat_5")
    terms = pair_terms(data.n_lists)[:4]
    cold = fit_model(data.counts, terms)
    warm = fit_model(
        data.counts, terms, start=fit_model(data.counts, ()).coefficient_map()
    )
    np.testing.assert_allclose(
        warm.poisson.coefficients, cold.poisson.coefficients, rtol=1e-8
    )


def test_a_fit_whose_estimate_does_not_exist_runs_off_to_infinity() -> None:
    # Artificial_3 with A:B: the dark figure has no finite maximum likelihood value.
    fit = fit_model(histories("Artificial_3").counts, ((0, 1),))
    assert fit.estimate > 1e9
