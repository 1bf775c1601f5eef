"""Coverage and bias on capture histories simulated from a known log-linear model.

The truth: N = 2,000 people, four lists that catch each person with probability 0.10,
0.15, 0.20 and 0.25 on the logit scale, and a positive dependence between the first
two lists (odds ratio 3), as between police and the NGOs they refer victims to. About
1,080 people are observed in each replication. Every person's history is drawn from the
multinomial over the 16 cells, the unobserved one included, so the total is known.

Measured (fixed seeds, so the test is deterministic): 300 replications give coverage
93.3% for the model-conditional interval of the true model, 94.0% for its profile
interval and 92.7% for the model-conditional interval after stepwise selection, with a
mean relative bias of -0.2% (true model) and -0.3% (stepwise); 60 replications with a
200-replicate bootstrap give 96.7% for stepwise + BCa. The test asks for at least 90%
and a bias within 5%; run with ``-s`` to print the figures.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from palermo.estimate.bootstrap import ReplicateSpec, run_bootstrap
from palermo.estimate.fit import fit_model
from palermo.estimate.intervals import model_conditional_interval, profile_interval
from palermo.estimate.model import cells_of
from palermo.estimate.selection import select_stepwise

TOTAL = 2000
CHANCES = np.array([0.10, 0.15, 0.20, 0.25])
ODDS_RATIO = 3.0
TRUE_MODEL = ((0, 1),)


def _cell_probabilities() -> np.ndarray:
    cells = [(), *cells_of(CHANCES.size)]
    logits = np.log(CHANCES / (1 - CHANCES))
    eta = np.array(
        [
            sum(logits[j] for j in cell)
            + (np.log(ODDS_RATIO) if {0, 1} <= set(cell) else 0)
            for cell in cells
        ]
    )
    weights = np.exp(eta)
    return weights / weights.sum()


def _samples(seed: int, count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    probabilities = _cell_probabilities()
    # Drop the first cell (people no list saw): the data never show it.
    return [
        rng.multinomial(TOTAL, probabilities)[1:].astype(float) for _ in range(count)
    ]


def _covers(interval: tuple[float, float]) -> bool:
    return interval[0] <= TOTAL <= interval[1]


@pytest.mark.slow
def test_model_conditional_and_profile_intervals_cover_the_true_total() -> None:
    fixed_model = fixed_profile = stepwise_model = 0
    fixed_estimates, stepwise_estimates = [], []
    samples = _samples(11, 300)
    for counts in samples:
        fit = fit_model(counts, TRUE_MODEL)
        fixed_estimates.append(fit.estimate)
        fixed_model += _covers(model_conditional_interval(fit, 0.95))
        fixed_profile += _covers(profile_interval(fit, 0.95)[:2])
        chosen = select_stepwise(counts, 0.02).fit
        stepwise_estimates.append(chosen.estimate)
        stepwise_model += _covers(model_conditional_interval(chosen, 0.95))
    n = len(samples)
    bias_fixed = np.mean(fixed_estimates) / TOTAL - 1
    bias_stepwise = np.mean(stepwise_estimates) / TOTAL - 1
    print(  # noqa: T201 - the figures the issue asks us to report
        f"\ncoverage over {n}: true model {fixed_model / n:.1%} (model-conditional), "
        f"{fixed_profile / n:.1%} (profile); stepwise {stepwise_model / n:.1%}; "
        f"relative bias {bias_fixed:+.2%} (true model), {bias_stepwise:+.2%} (stepwise)"
    )
    assert fixed_model / n >= 0.90
    assert fixed_profile / n >= 0.90
    assert stepwise_model / n >= 0.90
    assert abs(bias_fixed) < 0.05
    assert abs(bias_stepwise) < 0.05


@pytest.mark.slow
def test_stepwise_bootstrap_intervals_cover_the_true_total() -> None:
    covered = 0
    samples = _samples(12, 60)
    spec = ReplicateSpec("stepwise", 0.02)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, counts in enumerate(samples):
            estimate = select_stepwise(counts, 0.02).fit.estimate
            outcome = run_bootstrap(counts, estimate, spec, 200, index, 0.95, n_jobs=1)
            covered += _covers((outcome.low, outcome.high))
    print(  # noqa: T201 - the figures the issue asks us to report
        f"\nstepwise + BCa coverage over {len(samples)}: {covered / len(samples):.1%}"
    )
    assert covered / len(samples) >= 0.90
