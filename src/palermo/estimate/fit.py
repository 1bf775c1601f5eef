"""One log-linear model fitted to one table of capture histories."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from palermo.estimate.glm import PoissonFit, fit_poisson
from palermo.estimate.model import Design, FloatArray, Term, build_design


@dataclass(frozen=True)
class ModelFit:
    """A fitted log-linear model and what it says about the dark figure.

    Attributes:
        terms: The model's interaction terms, in the order they were chosen.
        design: The design it was fitted on.
        poisson: The Poisson fit.
        observed: Number of people seen by at least one list.
    """

    terms: tuple[Term, ...]
    design: Design
    poisson: PoissonFit
    observed: float

    @property
    def log_dark_figure(self) -> float:
        """The fitted intercept: log of the expected number seen by no list."""
        return float(self.poisson.coefficients[0])

    @property
    def log_dark_figure_se(self) -> float:
        """Standard error of the intercept (model-conditional)."""
        return math.sqrt(max(float(self.poisson.covariance[0, 0]), 0.0))

    @property
    def dark_figure(self) -> float:
        """Estimated number of people seen by no list."""
        return math.exp(min(self.log_dark_figure, 700.0))

    @property
    def estimate(self) -> float:
        """Estimated total: those observed plus the dark figure."""
        return self.observed + self.dark_figure

    @property
    def n_parameters(self) -> int:
        """Parameters of the model, those fixed at minus infinity included."""
        return (
            int(self.design.matrix.shape[1])
            + len(self.design.infinite_terms)
            + len(self.design.empty_lists)
        )

    @property
    def aic(self) -> float:
        """Akaike's criterion, counting minus-infinity terms (as SparseMSE does)."""
        return -2.0 * self.poisson.loglik + 2.0 * self.n_parameters

    @property
    def bic(self) -> float:
        """Schwarz's criterion with n = people observed (as MultipleSystemsEstimation)."""
        return -2.0 * self.poisson.loglik + math.log(self.observed) * self.n_parameters

    def coefficient_map(self) -> dict[Term, float]:
        """Fitted parameter of each design column, keyed by its term (``()`` intercept)."""
        return dict(
            zip(
                self.design.columns,
                (float(b) for b in self.poisson.coefficients),
                strict=True,
            )
        )

    def fitted_all(self) -> FloatArray:
        """Fitted means of every cell; cells left out of the fit get 0."""
        fitted = np.zeros(self.design.kept.shape[0])
        fitted[self.design.kept] = self.poisson.fitted
        return fitted

    def chance_of_empty_overlap(self) -> dict[Term, float]:
        """For each term at minus infinity, exp(-lambda) with lambda from the fit.

        SparseMSE's ``poisspempty``: lambda adds the intercept and the main effects of
        the term's lists, so this is the chance that a Poisson count with the model's
        mean for exactly those lists is zero.
        """
        coefficients = self.coefficient_map()
        result: dict[Term, float] = {}
        for term in self.design.infinite_terms:
            eta = coefficients[()] + sum(
                coefficients.get((j,), -math.inf) for j in term
            )
            result[term] = math.exp(-math.exp(eta)) if eta > -700 else 1.0
        return result


def fit_model(
    counts: FloatArray,
    terms: tuple[Term, ...],
    start: dict[Term, float] | None = None,
) -> ModelFit:
    """Fit the log-linear model with ``terms`` to ``counts`` (every cell).

    Args:
        counts: Counts of every cell in canonical order.
        terms: Interaction terms of the model.
        start: Parameters of a related fit to start from, keyed by term; columns it
            does not name start at 0.

    Returns:
        The fit.
    """
    design = build_design(counts, terms)
    initial = None
    if start is not None:
        initial = np.array([start.get(column, 0.0) for column in design.columns])
    poisson: PoissonFit = fit_poisson(design.matrix, design.counts, initial)
    return ModelFit(
        terms=terms, design=design, poisson=poisson, observed=float(counts.sum())
    )
