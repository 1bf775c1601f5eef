"""The bootstrap with model choice in every replicate, against SparseMSE.

R reference (SparseMSE 2.0.1, R 4.2.2)::

    estimatepopulation(zdat, nboot = 1000, pthresh = 0.02, iseed = 1234)
    # $BCaquantiles at alpha = 0.025, 0.1, 0.9, 0.975; $ahat; median($bootreps)

The jackknife acceleration ``ahat`` involves no random numbers, so it must equal R's to
the four decimals the harness kept. The bootstrap draws cannot be R's (a different
generator), so limits are compared within Monte Carlo error: R's limit is an estimate of
the quantile of the bootstrap distribution at our BCa level ``q``; the share of our 1000
replicates below R's limit should then be ``q`` up to the sampling error of two
independent runs, ``sqrt(2 q (1 - q) / 1000)``. We allow four such standard errors plus
two replicates (for ties), a test that fails by chance about once in 10,000 runs.
Datasets whose BCa levels fall in the extreme tail (the New Orleans data, where both the
95% and the 80% lower limits are R's smallest replicate) are left out: an extreme order
statistic has no usable normal approximation.
"""

from __future__ import annotations

import numpy as np
import pytest
from mse_reference import DATASETS, histories, reference_row, statistical_doubts_allowed
from scipy.stats import norm

from palermo.estimate import LogLinearMSE
from palermo.estimate.bootstrap import (
    ReplicateSpec,
    acceleration,
    bca_limits,
    estimate_with,
    jackknife_tables,
    run_bootstrap,
)
from palermo.estimate.selection import select_stepwise

STEPWISE = "stepwise p=0.02 + BCa bootstrap (nboot=1000, iseed=1234)"

# From the notes of estimatepopulation(zdat, nboot=1000, pthresh=0.02, iseed=1234):
# dataset, 80% limits, median of the replicates, ahat.
R_BOOTSTRAP = {
    "Artificial_3": (335.3, 808.2, 543.9, -0.0610),
    "HIV": (9041.4, 12207.3, 11693.5, -0.0153),
    "Korea": (198.8, 370.7, 253.5, -0.0288),
    "Kosovo": (13117.2, 15641.0, 14354.9, -0.0042),
    "MadiganYork_3": (713.7, 748.5, 731.0, 0.0005),
    "MadiganYork_5": (592.6, 622.1, 614.6, 0.0012),
    "Ned": (97646.9, 154692.0, 76931.0, 0.0333),
    "Ned_5": (107092.0, 152813.7, 109959.1, -0.0166),
    "NewOrl": (658.1, 1282.6, 1870.7, -0.0293),
    "NewOrl_2024": (654.4, 1250.0, 1551.2, -0.0282),
    "NewOrl_5": (599.0, 1256.2, 1282.6, -0.0552),
    "NewOrl_5_2024": (601.7, 1190.7, 1194.7, -0.0522),
    "UKdat": (9682.3, 12576.5, 12217.5, -0.0129),
    "UKdat_4": (9671.6, 12430.1, 11321.9, -0.0125),
    "UKdat_5": (9623.9, 12531.1, 11974.7, -0.0122),
    "Western": (1343.3, 2998.5, 2827.0, -0.0950),
    "hare": (72.5, 78.8, 75.2, -0.0254),
    "lesbian": (4760.3, 6364.2, 5537.4, -0.0085),
}


@pytest.mark.parametrize("dataset", DATASETS)
def test_jackknife_acceleration_equals_sparsemse(dataset: str) -> None:
    data = histories(dataset)
    tables, weights = jackknife_tables(data.counts)
    spec = ReplicateSpec("stepwise", 0.02)
    values = np.array([estimate_with(table, spec) for table in tables])
    assert acceleration(values, weights) == pytest.approx(
        R_BOOTSTRAP[dataset][3], abs=5e-5
    )


def test_bca_without_bias_or_acceleration_is_the_percentile_interval() -> None:
    replicates = np.arange(1.0, 1001.0)
    low, high, z0 = bca_limits(replicates, 500.5, 0.0, 0.9)
    assert z0 == pytest.approx(0.0, abs=1e-12)
    # R: quantile(1:1000, c(0.05, 0.95), type = 8) = 50.35, 950.65
    assert (low, high) == pytest.approx((50.35, 950.65))


def test_the_same_seed_gives_the_same_interval_on_any_number_of_processes() -> None:
    data = histories("Korea")
    estimate = select_stepwise(data.counts).fit.estimate
    spec = ReplicateSpec("stepwise", 0.02)
    one = run_bootstrap(data.counts, estimate, spec, 80, 7, 0.95, n_jobs=1)
    two = run_bootstrap(data.counts, estimate, spec, 80, 7, 0.95, n_jobs=2)
    other = run_bootstrap(data.counts, estimate, spec, 80, 8, 0.95, n_jobs=1)
    np.testing.assert_array_equal(one.replicates, two.replicates)
    assert (one.low, one.high) == (two.low, two.high)
    assert not np.array_equal(one.replicates, other.replicates)


def test_progress_is_reported_up_to_the_last_replicate() -> None:
    calls: list[tuple[int, int]] = []
    with statistical_doubts_allowed():
        result = LogLinearMSE(
            bootstrap=40,
            n_jobs=1,
            progress=lambda done, total: calls.append((done, total)),
        ).fit(histories("Korea"))
    assert result.ci_kind == "bca"
    assert calls[-1][0] == calls[-1][1] == 40 + 6  # replicates + jackknife tables
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_parametric_bootstrap_draws_from_the_fitted_model() -> None:
    with statistical_doubts_allowed():
        result = LogLinearMSE(bootstrap=60, scheme="parametric", n_jobs=1).fit(
            histories("UKdat_4")
        )
    assert result.ci_low < result.estimate < result.ci_high
    assert result.settings.scheme == "parametric"


def _share_below(values: np.ndarray, limit: float) -> float:
    return float(np.mean(values < limit))


def _level(z0: float, accel: float, alpha: float) -> float:
    shifted = z0 + float(norm.ppf(alpha))
    return float(norm.cdf(z0 + shifted / (1.0 - accel * shifted)))


@pytest.mark.slow
@pytest.mark.parametrize(
    "dataset",
    [
        "Artificial_3",
        "HIV",
        "Korea",
        "Kosovo",
        "MadiganYork_3",
        "UKdat_4",
        "UKdat_5",
        "Western",
        "hare",
        "lesbian",
    ],
)
def test_bca_limits_agree_with_sparsemse_within_monte_carlo_error(dataset: str) -> None:
    expected = reference_row(dataset, "estimatepopulation", STEPWISE)
    low80, high80, median, _ = R_BOOTSTRAP[dataset]
    with statistical_doubts_allowed():
        result = LogLinearMSE(bootstrap=1000, seed=1234, n_jobs=2).fit(
            histories(dataset)
        )
    outcome = result.bootstrap
    assert outcome is not None
    replicates = outcome.replicates
    n = replicates.size
    checks = [
        (0.025, expected.ci_low),
        (0.975, expected.ci_high),
        (0.10, low80),
        (0.90, high80),
    ]
    for alpha, limit in checks:
        level = _level(outcome.bias_correction, outcome.acceleration, alpha)
        tolerance = 4 * np.sqrt(2 * level * (1 - level) / n) + 2 / n
        assert abs(_share_below(replicates, limit) - level) <= tolerance, (alpha, limit)
    assert abs(_share_below(replicates, median) - 0.5) <= 4 * np.sqrt(0.5 / n) + 2 / n
