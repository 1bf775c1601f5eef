"""Point estimates, chosen models and model-conditional intervals against SparseMSE.

Expected values were computed with SparseMSE 2.0.1 in R 4.2.2 by the reference harness
(``tests/data/mse/reference_estimates.csv``, copied from ``../shared/data/mse``), with::

    library(SparseMSE)
    zdat <- read.csv("UKdat.csv")               # each dataset in turn
    estimatepopulation.0(zdat, method = "stepwise", pthresh = 0.02,
                         quantiles = c(0.025, 0.975))
    # ...$estimate: "2.5%", "point est.", "97.5%";  ...$MSEfit$fit$aic: the AIC

Tolerances: the point estimate and the AIC to 1e-6 (the issue asks for 0.1%; we match
to the precision R prints), the interval to 1e-4 (the issue asks for 1%; R's ``glm``
stops iterating earlier than our Newton fit, which moves the standard error in the fifth
digit). The chosen model must be the same terms, fixed at minus infinity alike, and the
finite terms in the order SparseMSE added them.
"""

from __future__ import annotations

import math

import pytest
from mse_reference import (
    DATASETS,
    histories,
    reference_row,
    statistical_doubts_allowed,
)

from palermo.estimate import LogLinearMSE, check_model
from palermo.estimate.fit import fit_model
from palermo.estimate.intervals import model_conditional_interval
from palermo.estimate.model import pair_terms
from palermo.estimate.selection import select_stepwise

# estimatepopulation.0(zdat, method="stepwise", pthresh=0.02): dataset, point est.,
# 2.5%, 97.5%, model (SparseMSE's order; "(-Inf)" = fixed at minus infinity), AIC.
STEPWISE_002 = [
    ("Artificial_3", 539.093929428606, 278.654157031568, 1170.88509151506, "main", 36.1474239544086),
    ("HIV", 11124.5784691849, 9519.53496125711, 13067.5445649192, "main", 90.0619954420794),
    ("Korea", 268.777777777778, 202.53282218258, 390.199879378628, "b:c", 44.9076745296769),
    ("Kosovo", 14341.6638004272, 12541.2808282441, 16540.1879146382, "ABA:OSCE+OSCE:HRW+EXH:OSCE+EXH:ABA+EXH:HRW", 161.317648272942),
    ("MadiganYork_3", 730.928571428572, 707.476845940809, 761.130477559714, "A:B", 53.8310564497048),
    ("MadiganYork_5", 609.893939014298, 593.230504783138, 631.495440962387, "D:E+A:C", 168.18300014151),
    ("Ned", 111139.371230396, 92439.8581114246, 133991.467064263, "O:Z+P:Z+I:Z+P:R+O:P+K:O+K:R(-Inf)+I:K(-Inf)", 207.184861144466),
    ("Ned_5", 121521.613712277, 98675.4322694885, 150138.911262134, "IO:Z+P:Z+P:R+IO:P+IO:K+K:R(-Inf)", 143.786993583238),
    ("NewOrl", 1183.69227455346, 720.924350442943, 2046.0579243664, "D:E", 113.069189288715),
    ("NewOrl_2024", 1110.48808107027, 692.213272056385, 1874.37574836598, "D:E", 112.830988731),
    ("NewOrl_5", 1034.15106523105, 658.258392060766, 1708.60220902422, "main", 77.5293892556789),
    ("NewOrl_5_2024", 981.431366992624, 636.455146220749, 1590.60390985452, "main", 76.9157818028331),
    ("UKdat", 11417.9910915046, 9977.28263976354, 13145.6565095763, "PF:NCA+LA:NG+NG:GP+LA:PF+PF:GP+GO:GP+NG:GO", 162.659054976332),
    ("UKdat_4", 11015.2444543723, 9582.2596599446, 12735.2534160325, "LA:NG+LA:PFNCA+NG:GO", 96.8298527691237),
    ("UKdat_5", 11312.9902894352, 9884.40283061856, 13027.3966545378, "LA:NG+NG:GP+PFNCA:GP+LA:PFNCA+GO:GP+NG:GO", 127.598630576814),
    ("Western", 2483.38392023013, 1657.09366605187, 3830.03000098929, "A:E", 91.8395037416654),
    ("hare", 75.0662013449291, 72.0099693212132, 80.4517664469242, "main", 154.504576045749),
    ("lesbian", 5350.51275775352, 4838.61948391175, 5961.15218770135, "A:D+C:D+B:D+B:C", 132.277541945278),
]  # fmt: skip


def _split(model: str) -> tuple[list[str], set[str]]:
    if model in ("main", ""):
        return [], set()
    terms = model.split("+")
    finite = [t for t in terms if not t.endswith("(-Inf)")]
    infinite = {t.removesuffix("(-Inf)") for t in terms if t.endswith("(-Inf)")}
    return finite, infinite


def test_every_reference_dataset_is_checked() -> None:
    assert sorted(row[0] for row in STEPWISE_002) == DATASETS


@pytest.mark.parametrize(
    ("dataset", "estimate", "low", "high", "model", "aic"), STEPWISE_002
)
def test_stepwise_estimate_model_and_interval_equal_sparsemse(
    dataset: str, estimate: float, low: float, high: float, model: str, aic: float
) -> None:
    with statistical_doubts_allowed():
        result = LogLinearMSE(method="stepwise", threshold=0.02).fit(histories(dataset))
    assert result.estimate == pytest.approx(estimate, rel=1e-6)
    assert result.ci_kind == "model"
    assert result.ci_low == pytest.approx(low, rel=1e-4)
    assert result.ci_high == pytest.approx(high, rel=1e-4)
    assert result.diagnostics["aic"] == pytest.approx(aic, rel=1e-6)
    finite, infinite = _split(model)
    assert [t for t in result.model if t not in result.infinite_terms] == finite
    assert set(result.infinite_terms) == infinite


@pytest.mark.parametrize(
    ("threshold", "method"),
    [(0.001, "stepwise p=0.001"), (0.05, "stepwise p=0.05"), (0.0, "main")],
)
@pytest.mark.parametrize("dataset", DATASETS)
def test_other_thresholds_and_main_effects_choose_what_sparsemse_chooses(
    dataset: str, threshold: float, method: str
) -> None:
    # estimatepopulation.0(zdat, method="stepwise", pthresh=0.001 or 0.05), and
    # estimatepopulation.0(zdat, method="main"), the same as pthresh=0.
    expected = reference_row(dataset, "estimatepopulation.0", method)
    data = histories(dataset)
    selection = select_stepwise(data.counts, threshold)
    low, high = model_conditional_interval(selection.fit, 0.95)
    assert selection.fit.estimate == pytest.approx(expected.estimate, rel=1e-6)
    assert low == pytest.approx(expected.ci_low, rel=1e-4)
    assert high == pytest.approx(expected.ci_high, rel=1e-4)
    finite, infinite = _split(expected.model)
    steps = [":".join(data.lists[j] for j in step.term) for step in selection.steps]
    fixed = {s for s, step in zip(steps, selection.steps, strict=True) if step.infinite}
    assert [s for s in steps if s not in fixed] == finite
    assert fixed == infinite


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_all_pairs_model_fixes_empty_overlaps_at_minus_infinity_as_sparsemse(
    dataset: str,
) -> None:
    # estimatepopulation.0(zdat, method="fixed", mX=0): every pair; SparseMSE refuses
    # (checkident > 0) where the estimate does not exist or is not identifiable.
    expected = reference_row(dataset, "estimatepopulation.0", "fixed all pairs (mX=0)")
    data = histories(dataset)
    pairs = pair_terms(data.n_lists)
    check = check_model(data.counts, pairs)
    if math.isnan(expected.estimate):
        assert f"checkident(mX=0)={check.code}" in expected.notes
        return
    assert check.code == 0
    fit = fit_model(data.counts, pairs)
    assert fit.estimate == pytest.approx(expected.estimate, rel=1e-6)
    assert fit.aic == pytest.approx(expected.aic, rel=1e-6)
    low, high = model_conditional_interval(fit, 0.95)
    assert low == pytest.approx(expected.ci_low, rel=1e-4)
    assert high == pytest.approx(expected.ci_high, rel=1e-4)
    _, infinite = _split(expected.model.replace("all pairs", "").strip("+"))
    names = {":".join(data.lists[j] for j in t) for t in fit.design.infinite_terms}
    assert names == infinite
