"""Coverage on countries from ``palermo simulate``, where the truth is known.

``palermo simulate`` draws victims with covariates (sex, age, citizenship, form of
exploitation) that shift each source's chance of finding them. With no latent
heterogeneity and no referrals between sources, the log-linear model's assumptions
hold within reason, and the stepwise estimate with its bootstrap interval should cover
the true total: measured over 20 countries of 2,000 victims (about 950 observed),
coverage 95% with a 150-replicate BCa bootstrap, relative bias +0.7%.

With the simulator's defaults (latent visibility with standard deviation 0.7 on the
log-odds scale, and referrals: police to NGO 0.25, labour inspectorate to police 0.25,
border guard to police 0.3...) every log-linear model underestimates, by about a third
even on 30,000 victims: a referral adds a person to a list only when another list found
them first, a dependence no pairwise (or three-way) model reproduces, and visibility
shared by all sources looks like positive dependence everywhere. That is a property of
the method, not of this implementation (the pitfalls in ``../shared/research/mse.md``);
the report must say so, and ``test_coverage.py`` checks coverage where the model holds.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from palermo.estimate import LogLinearMSE, capture_histories
from palermo.simulate import SimulationConfig
from palermo.simulate.country import simulate_country

VICTIMS = 2000


@pytest.mark.slow
def test_bootstrap_intervals_cover_the_true_total_of_simulated_countries() -> None:
    covered = 0
    errors = []
    seeds = range(20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in seeds:
            config = SimulationConfig(
                seed=seed, victims=VICTIMS, heterogeneity=0.0, referral_scale=0.0
            )
            histories = simulate_country(config).capture_histories()
            seen = histories[histories.filter(like="cap_").sum(axis=1) > 0]
            result = LogLinearMSE(bootstrap=150, seed=seed, n_jobs=1).fit(
                capture_histories(seen)
            )
            covered += result.ci_low <= VICTIMS <= result.ci_high
            errors.append(result.estimate / VICTIMS - 1)
    coverage = covered / len(seeds)
    print(  # noqa: T201 - the figures the issue asks us to report
        f"\npalermo simulate: coverage {coverage:.0%} over {len(seeds)} countries, "
        f"relative bias {np.mean(errors):+.1%}"
    )
    assert coverage >= 0.90
    assert abs(np.mean(errors)) < 0.05
