"""The estimator users call: settings, intervals, doubts and refusals."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from mse_reference import DATA, histories, statistical_doubts_allowed

from palermo.errors import EstimationError, InputError, StatisticalWarning
from palermo.estimate import EstimateConfig, LogLinearMSE


def test_it_warns_in_plain_words_when_few_people_are_on_several_lists() -> None:
    with pytest.warns(StatisticalWarning, match="Only 13 of the 185 people"):
        result = LogLinearMSE().fit(histories("NewOrl"))
    assert [n.code for n in result.notices] == ["sparse_overlap", "downward_bias"]


def test_it_warns_when_the_estimate_depends_strongly_on_the_model() -> None:
    with statistical_doubts_allowed() as caught:
        result = LogLinearMSE().fit(histories("Kosovo"))
    codes = {n.code for n in result.notices}
    assert "model_dependence" in codes
    # Main effects give 7,395 and the stepwise model 14,342 (SparseMSE's figures).
    assert any("from 7,395 to 14,342" in str(w.message) for w in caught)


def test_clean_data_raise_no_doubt() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", StatisticalWarning)
        result = LogLinearMSE().fit(histories("UKdat"))
    # Only the method's caveat, which every estimate carries and which is no warning.
    assert [n.code for n in result.notices] == ["downward_bias"]


def test_every_estimate_says_which_way_unmodelled_dependence_biases_it() -> None:
    result = LogLinearMSE().fit(histories("UKdat"))
    caveat = result.notices[-1]
    assert caveat.code == "downward_bias"
    assert "too low" in caveat.text("en")
    assert "lower bound" in caveat.text("en")
    assert "trop basses" in caveat.text("fr")
    assert result.to_dict()["warnings"][-1]["code"] == "downward_bias"


def test_it_refuses_lists_that_share_nobody_and_says_what_to_try() -> None:
    frame = pd.DataFrame(
        {"A": [1, 0, 0], "B": [0, 1, 0], "C": [0, 0, 1], "count": [5, 7, 9]}
    )
    with pytest.raises(EstimationError, match="nobody is on more than one list.*Try:"):
        LogLinearMSE().fit(frame)


def test_it_refuses_data_where_even_independent_lists_have_no_estimate() -> None:
    # Everybody on list A is also on list B: nothing says how many A missed.
    frame = pd.DataFrame({"A": [0, 1], "B": [1, 1], "count": [5, 7]})
    with pytest.raises(EstimationError, match="independent lists has no estimate"):
        LogLinearMSE().fit(frame)


def test_a_list_that_saw_nobody_is_left_out_and_recorded() -> None:
    frame = pd.read_csv(DATA / "Western.csv")
    frame.insert(2, "Z", 0)
    result = LogLinearMSE().fit(frame)
    assert result.lists == ("A", "B", "C", "D", "E")
    assert result.diagnostics["lists_left_out"] == ["Z"]
    assert result.estimate == pytest.approx(2483.38392023013, rel=1e-6)


def test_it_reads_a_csv_path_directly() -> None:
    result = LogLinearMSE().fit(DATA / "Western.csv")
    assert result.observed == 345


def test_the_reported_interval_follows_the_settings() -> None:
    data = histories("Western")
    assert LogLinearMSE().fit(data).ci_kind == "model"
    profile = LogLinearMSE(interval="profile").fit(data)
    assert profile.ci_kind == "profile"
    # Rcapture closedpCI.t(Western, dfreq=TRUE, mX=~A:E): 1680.6, 3928.1
    assert (profile.ci_low, profile.ci_high) == pytest.approx(
        (1680.61, 3928.08), rel=1e-4
    )
    assert LogLinearMSE(bootstrap=30, n_jobs=1).fit(data).ci_kind == "bca"


def test_the_estimator_is_unchanged_by_fitting_and_its_config_round_trips(
    tmp_path: Path,
) -> None:
    estimator = LogLinearMSE(method="bic", threshold=0.05, seed=9)
    before = estimator.config
    estimator.fit(histories("UKdat_4"))
    assert estimator.config == before
    path = tmp_path / "estimate_config.json"
    before.to_json(path)
    again = EstimateConfig.from_dict(json.loads(path.read_text()))
    assert again == before
    assert LogLinearMSE.from_config(again).config == before


def test_bad_settings_are_refused_together() -> None:
    with pytest.raises(InputError, match="method must be.*threshold must be"):
        EstimateConfig(method="magic", threshold=2.0)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown estimation settings: colour"):
        EstimateConfig.from_dict({"colour": "red"})


def test_main_effects_say_the_pairs_were_left_out_by_assumption() -> None:
    result = LogLinearMSE(method="main").fit(histories("Western"))
    assert result.model == ()
    assert {e.reason for e in result.excluded} == {"independence_assumed"}
    assert "independent" in result.excluded[0].notice.text("en")
