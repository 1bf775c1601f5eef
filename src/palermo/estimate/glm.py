"""Poisson log-linear fits by Newton's method on small dense designs.

The designs of multiple systems estimation are tiny (at most 2^K - 1 cells by a few dozen
columns), and the bootstrap fits thousands of them. Newton's method in NumPy fits one in
a fraction of a millisecond, more than ten times faster than a statsmodels GLM with the
same answer (``tests/palermo/estimate/test_glm.py`` checks that the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.linalg.lapack import dposv
from scipy.special import gammaln

FloatArray = NDArray[np.float64]

_MAX_ITERATIONS = 100
# Newton decrement (about twice the log-likelihood still to gain) at which to stop; the
# step taken with it leaves an error of order its square.
_TOLERANCE = 1e-8
# exp() overflows at about 709; a linear predictor that large means the fit has escaped.
_MAX_ETA = 700.0


def poisson_loglik(counts: FloatArray, fitted: FloatArray) -> float:
    """Poisson log-likelihood of counts under means ``fitted``, constants included."""
    positive = counts > 0
    terms = -fitted - gammaln(counts + 1.0)
    terms[positive] += counts[positive] * np.log(fitted[positive])
    return float(terms.sum())


def poisson_deviance(counts: FloatArray, fitted: FloatArray) -> float:
    """Poisson deviance of counts under means ``fitted``."""
    positive = counts > 0
    dev = fitted - counts
    dev[positive] += counts[positive] * np.log(counts[positive] / fitted[positive])
    return float(2.0 * dev.sum())


@dataclass(frozen=True)
class PoissonFit:
    """The maximum likelihood fit of a Poisson log-linear model.

    Attributes:
        design: The model matrix it was fitted with.
        counts: The counts it was fitted to.
        coefficients: The fitted parameters, in the order of the design's columns.
        fitted: Fitted means of the cells.
        iterations: Newton steps taken.
        converged: Whether the steps became negligible before the iteration limit.
    """

    design: FloatArray
    counts: FloatArray
    coefficients: FloatArray
    fitted: FloatArray
    iterations: int
    converged: bool

    @cached_property
    def covariance(self) -> FloatArray:
        """Inverse Fisher information ``(X' W X)^-1`` at the fit (R's ``cov.unscaled``)."""
        information = (self.design.T * self.fitted) @ self.design
        try:
            return np.asarray(np.linalg.inv(information))
        except np.linalg.LinAlgError:
            return np.full_like(information, np.nan)

    @cached_property
    def loglik(self) -> float:
        """Poisson log-likelihood at the fit, constants included (as R's ``logLik``)."""
        return poisson_loglik(self.counts, self.fitted)

    @cached_property
    def deviance(self) -> float:
        """Deviance against the saturated model."""
        return poisson_deviance(self.counts, self.fitted)


def _start(design: FloatArray, counts: FloatArray) -> FloatArray:
    # R's glm starts from mu = y + 0.1: one weighted least-squares step on log(y + 0.1).
    mu = counts + 0.1
    z = np.log(mu) + (counts - mu) / mu
    weighted = design.T * mu
    return np.asarray(np.linalg.lstsq(weighted @ design, weighted @ z, rcond=None)[0])


def fit_poisson(
    design: FloatArray,
    counts: FloatArray,
    start: FloatArray | None = None,
) -> PoissonFit:
    """Fit ``counts ~ Poisson(exp(design @ beta))`` by maximum likelihood.

    Newton's method with step halving, started from ``start`` when given (a warm start
    from a nested model's fit saves most of the iterations) or as R's ``glm`` starts.
    It stops after the step whose Newton decrement (about twice the log-likelihood still
    to gain) was below 1e-8, which leaves the fit far more precise than R's default.

    Args:
        design: The model matrix, cells by parameters, of full column rank.
        counts: Observed counts of the cells.
        start: Optional starting parameters.

    Returns:
        The fit; ``converged`` is false when the maximum likelihood estimate does not
        exist and the parameters drift towards infinity, or the design is singular.
    """
    beta = _start(design, counts) if start is None else start.copy()
    eta = design @ beta
    if eta.max(initial=-np.inf) > _MAX_ETA:
        # A warm start that overflows is worse than none.
        beta = _start(design, counts)
        eta = design @ beta
    mu = np.exp(np.minimum(eta, _MAX_ETA))
    value = float(counts @ eta - mu.sum())
    converged = False
    iterations = 0
    while iterations < _MAX_ITERATIONS:
        iterations += 1
        gradient = design.T @ (counts - mu)
        information = (design.T * mu) @ design
        # LAPACK's Cholesky solve directly: a fifth of numpy.linalg.solve's overhead.
        _, step, info = dposv(information, gradient)
        if info != 0:
            break  # singular: the design is rank deficient or the fit escaped
        decrement = float(gradient @ step)
        # Halve the step while it lowers the likelihood: plain Newton can overshoot
        # from a poor start on sparse tables.
        scale = 1.0
        while True:
            trial = beta + scale * step
            eta = design @ trial
            if eta.max(initial=-np.inf) <= _MAX_ETA:
                trial_mu = np.exp(eta)
                trial_value = float(counts @ eta - trial_mu.sum())
                if trial_value >= value - 1e-12 * abs(value) or scale < 1e-6:
                    break
            elif scale < 1e-6:
                trial_mu = np.exp(np.minimum(eta, _MAX_ETA))
                trial_value = -np.inf
                break
            scale /= 2.0
        beta, mu, value = trial, trial_mu, trial_value
        if decrement < _TOLERANCE:
            converged = True
            break
    return PoissonFit(
        design=design,
        counts=counts,
        coefficients=beta,
        fitted=mu,
        iterations=iterations,
        converged=converged,
    )
