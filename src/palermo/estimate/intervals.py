"""Confidence intervals for the total, given the chosen model.

* **Model-conditional** (SparseMSE ``estimatepopulation.0``): the log of the dark figure
  is taken as normal with the standard error of the fitted intercept, so the interval is
  ``n + exp(a +- z * se)``. It ignores the uncertainty of choosing the model.
* **Profile likelihood** (Cormack 1992, as Rcapture ``closedpCI.t``): the multinomial
  likelihood of the total N with the other parameters maximised out; the interval holds
  every N whose log-likelihood is within half the chi-squared quantile of the maximum.
  It is also conditional on the model.

The bootstrap interval, which repeats the model choice, is in ``bootstrap.py``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm

from palermo.estimate.fit import ModelFit
from palermo.estimate.glm import fit_poisson

# How far beyond the point estimate the profile search looks for an upper limit.
_PROFILE_REACH = 1000.0


def model_conditional_interval(fit: ModelFit, confidence: float) -> tuple[float, float]:
    """SparseMSE's interval: the dark figure log-normal around the fitted intercept."""
    z = float(norm.ppf(0.5 + confidence / 2.0))
    centre = fit.log_dark_figure
    spread = z * fit.log_dark_figure_se
    return (
        fit.observed + math.exp(min(centre - spread, 700.0)),
        fit.observed + math.exp(min(centre + spread, 700.0)),
    )


class _Profile:
    """The multinomial profile log-likelihood of the total N under one model."""

    def __init__(self, fit: ModelFit) -> None:
        design = fit.design.matrix
        unseen = np.zeros((1, design.shape[1]))
        unseen[0, 0] = 1.0  # the unseen cell has the intercept only
        self.design = np.vstack([design, unseen])
        self.seen = fit.design.counts
        self.observed = float(self.seen.sum())
        self.start = fit.poisson.coefficients.copy()

    def __call__(self, total: float) -> float:
        missed = max(total - self.observed, 0.0)
        counts = np.append(self.seen, missed)
        poisson = fit_poisson(self.design, counts, self.start)
        if poisson.converged:
            self.start = poisson.coefficients
        probabilities = poisson.fitted / poisson.fitted.sum()
        positive = counts > 0
        return float(
            gammaln(total + 1.0)
            - gammaln(missed + 1.0)
            + counts[positive] @ np.log(probabilities[positive])
        )


def profile_interval(fit: ModelFit, confidence: float) -> tuple[float, float, float]:
    """The profile-likelihood interval of the total under the fitted model.

    Args:
        fit: The fitted model.
        confidence: Coverage, such as 0.95.

    Returns:
        ``(low, high, most_likely)``: the limits and the total that maximises the
        multinomial likelihood. ``high`` is infinite when the likelihood stays within
        the cut-off as far as a thousand times the point estimate.
    """
    profile = _Profile(fit)
    observed = profile.observed
    estimate = fit.estimate
    best = minimize_scalar(
        lambda total: -profile(total),
        bounds=(observed, max(3.0 * estimate, observed + 10.0)),
        method="bounded",
        options={"xatol": 1e-4 * max(estimate - observed, 1.0)},
    )
    most_likely = float(best.x)
    peak = -float(best.fun)
    cut = peak - float(chi2.ppf(confidence, 1)) / 2.0

    def excess(total: float) -> float:
        return profile(total) - cut

    tolerance = 1e-6 * max(estimate, 1.0)
    if excess(observed) > 0:
        low = observed
    else:
        low = float(brentq(excess, observed, most_likely, xtol=tolerance))
    high = math.inf
    upper = most_likely
    step = max(estimate - observed, 1.0)
    while upper < observed + _PROFILE_REACH * step:
        lower, upper = upper, upper + step
        if excess(upper) < 0:
            high = float(brentq(excess, lower, upper, xtol=tolerance))
            break
        step *= 2.0
    return low, high, most_likely
