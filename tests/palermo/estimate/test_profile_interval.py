"""Profile-likelihood intervals against Rcapture's ``closedpCI.t``.

Expected values from Rcapture 1.4-4 in R 4.2.2 (reference harness)::

    library(Rcapture)
    closedpCI.t(zdat, dfreq = TRUE, m = "Mt")$CI        # lists independent
    closedpCI.t(zdat, dfreq = TRUE, mX = ~ ...)$CI      # a given log-linear model

``closedpCI.t`` maximises the multinomial profile likelihood of N (Cormack 1992) with
``optimize`` and ``uniroot`` at tolerance 1e-4; we solve to 1e-6, so limits agree to
about 1e-4 relative and we test 1e-3.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from mse_reference import DATASETS, histories, reference_row

from palermo.estimate import CaptureHistories
from palermo.estimate.fit import fit_model
from palermo.estimate.intervals import profile_interval
from palermo.estimate.selection import select_stepwise


@pytest.mark.parametrize("dataset", DATASETS)
def test_independence_profile_interval_equals_rcapture(dataset: str) -> None:
    # closedpCI.t(zdat, dfreq=TRUE, m="Mt")
    expected = reference_row(dataset, "closedpCI.t", "Mt")
    low, high, most_likely = profile_interval(
        fit_model(histories(dataset).counts, ()), 0.95
    )
    assert low == pytest.approx(expected.ci_low, rel=1e-3)
    assert high == pytest.approx(expected.ci_high, rel=1e-3)
    # Rcapture's "CI-table abundance": the maximiser of the multinomial likelihood.
    abundance = float(re.search(r"abundance=([0-9.]+)", expected.notes).group(1))
    assert most_likely == pytest.approx(abundance, rel=1e-3, abs=0.02)


@pytest.mark.parametrize(
    "dataset", ["UKdat", "UKdat_5", "UKdat_4", "Western", "Kosovo", "NewOrl_5"]
)
def test_profile_interval_of_the_stepwise_model_equals_rcapture(dataset: str) -> None:
    # The Home Office rule (AIC forward, Wald p < 0.05) picks the same model as the
    # stepwise rule here; the harness then ran closedpCI.t(zdat, dfreq=TRUE, mX=model).
    expected = reference_row(
        dataset, "bhs_stepwise (own, glm + closedpCI.t)", "AIC stepwise, Wald p<0.05"
    )
    data = histories(dataset)
    fit = select_stepwise(data.counts, 0.02).fit
    names = {":".join(data.lists[j] for j in t) for t in fit.terms}
    assert names == set(expected.model.split("+")) - {"main"}
    low, high, _ = profile_interval(fit, 0.95)
    assert low == pytest.approx(expected.ci_low, rel=1e-3)
    assert high == pytest.approx(expected.ci_high, rel=1e-3)


def test_one_person_in_common_gives_a_wide_lopsided_interval() -> None:
    # Two lists of 41 and 51 people sharing one: Lincoln-Petersen gives 2,091, and
    # the likelihood can barely tell 1,000 from 30,000.
    data = CaptureHistories.from_frame(
        pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [40, 50, 1]})
    )
    fit = fit_model(data.counts, ())
    low, high, _ = profile_interval(fit, 0.95)
    assert fit.estimate == pytest.approx(41 * 51 / 1)
    assert low < fit.estimate / 3
    assert high > 15 * fit.estimate
