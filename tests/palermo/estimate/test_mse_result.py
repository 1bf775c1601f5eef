"""The frozen result: what a report quotes, in JSON, in a table and at a glance."""

from __future__ import annotations

import dataclasses
import json

import pytest
from mse_reference import histories, statistical_doubts_allowed

from palermo.estimate import LogLinearMSE, MSEResult


@pytest.fixture(scope="module")
def ukdat() -> MSEResult:
    return LogLinearMSE().fit(histories("UKdat"))


def test_the_result_cannot_be_changed(ukdat: MSEResult) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ukdat.estimate = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        ukdat.diagnostics["aic"] = 0.0  # type: ignore[index]


def test_to_dict_gives_the_keys_of_the_cli_json_and_is_valid_json(
    ukdat: MSEResult,
) -> None:
    data = json.loads(json.dumps(ukdat.to_dict(), allow_nan=False))
    assert {
        "estimate",
        "ci_low",
        "ci_high",
        "ci_kind",
        "model",
        "observed",
        "lists",
    } <= set(data)
    assert data["observed"] == 2744
    assert data["lists"] == ["LA", "NG", "PF", "GO", "GP", "NCA"]
    assert data["model"][0] == "PF:NCA"
    assert data["ci_kind"] == "model"
    assert data["settings"]["threshold"] == 0.02
    assert {e["reason"] for e in data["excluded"]} == {"not_significant"}
    assert all(e["en"] and e["fr"] for e in data["excluded"])


def test_repr_reads_as_the_headline(ukdat: MSEResult) -> None:
    text = repr(ukdat)
    assert text.startswith(
        "MSEResult(estimate=11,418, 95% model interval [9,977, 13,146]"
    )
    assert "observed=2,744" in text
    assert "PF:NCA + LA:NG" in text


def test_summary_lists_the_total_its_intervals_and_the_links(ukdat: MSEResult) -> None:
    table = ukdat.summary()
    assert list(table.columns) == ["quantity", "value", "low", "high", "note"]
    headline = table[table.quantity.str.contains("reported")].iloc[0]
    assert headline.value == pytest.approx(11417.99, rel=1e-6)
    assert (headline.low, headline.high) == (ukdat.ci_low, ukdat.ci_high)
    assert table.quantity.str.startswith("link ").sum() == len(ukdat.model)


def test_terms_fixed_at_minus_infinity_are_explained_in_both_languages() -> None:
    with statistical_doubts_allowed():
        result = LogLinearMSE().fit(histories("Ned"))
    assert set(result.infinite_terms) == {"K:R", "I:K"}
    fixed = [t for t in result.terms if t.infinite]
    assert all(t.notice is not None for t in fixed)
    assert "nobody is on both K and R" in fixed[0].notice.text("en")  # type: ignore[union-attr]
    assert "personne ne figure" in fixed[0].notice.text("fr")  # type: ignore[union-attr]
    assert result.to_dict()["infinite_terms"] == ["K:R", "I:K"]


def test_the_fingerprint_changes_with_the_data_and_the_settings() -> None:
    data = histories("Western")
    first = LogLinearMSE().fit(data).fingerprint
    assert LogLinearMSE().fit(data).fingerprint == first
    assert LogLinearMSE(threshold=0.05).fit(data).fingerprint != first
    with statistical_doubts_allowed():
        assert LogLinearMSE().fit(histories("Korea")).fingerprint != first


def test_an_interval_kind_not_computed_is_named(ukdat: MSEResult) -> None:
    assert ukdat.interval_kinds == ("model", "profile")
    with pytest.raises(KeyError, match="bca"):
        ukdat.interval("bca")
