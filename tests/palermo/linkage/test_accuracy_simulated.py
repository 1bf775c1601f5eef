"""Accuracy against known truth on a country from ``palermo simulate`` (issue #4).

Targets at the simulation's default error rates: pairwise precision and recall of the
record-to-person map >= 0.97 encoded and >= 0.98 plain; persons within 1% of the true
number of distinct persons seen.
"""

from __future__ import annotations

from typing import Any

import pytest

from palermo.linkage import LinkageResult


def _quality(result: LinkageResult) -> dict[str, Any]:
    quality: dict[str, Any] = result.report["quality"]
    return quality


def test_plain_mode_reaches_the_accuracy_targets(plain_result: LinkageResult) -> None:
    quality = _quality(plain_result)
    assert quality["precision"] >= 0.98
    assert quality["recall"] >= 0.98
    assert abs(quality["persons_error"]) <= 0.01


def test_encoded_mode_reaches_the_accuracy_targets(
    encoded_result: LinkageResult,
) -> None:
    quality = _quality(encoded_result)
    assert quality["precision"] >= 0.97
    assert quality["recall"] >= 0.97
    assert abs(quality["persons_error"]) <= 0.01


@pytest.mark.parametrize("which", ["plain_result", "encoded_result"])
def test_blocking_proposes_almost_every_true_pair(
    which: str, request: pytest.FixtureRequest
) -> None:
    result: LinkageResult = request.getfixturevalue(which)
    assert _quality(result)["blocking_recall"] >= 0.98


def test_within_source_duplicates_are_found(
    encoded_result: LinkageResult, country: Any
) -> None:
    truth = country.truth.to_pandas()
    found = encoded_result.record_map.to_pandas()
    joined = truth.merge(found, on=["source", "record_id"], suffixes=("_true", ""))
    twice = joined.groupby(["source", "person_id_true"]).filter(lambda g: len(g) > 1)
    assert len(twice) > 0, "the simulation registers some persons twice in a source"
    linked = twice.groupby(["source", "person_id_true"])["person_id"].nunique()
    assert (linked == 1).mean() >= 0.95


def test_the_model_is_trained_from_the_data(encoded_result: LinkageResult) -> None:
    levels = [
        level
        for comparison in encoded_result.model["comparisons"]
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level")
    ]
    # m and u come from the data (EM and random sampling); a rare level (a
    # document number with a typo) may stay without m on a small country, and a
    # level no random pair reached has u bounded by the number of pairs sampled.
    m = [level.get("m_probability") for level in levels]
    u = [level.get("u_probability") for level in levels]
    assert sum(v is not None for v in m) >= 0.8 * len(levels)
    assert all(v is not None for v in u)
    first = [c["comparison_levels"][1] for c in encoded_result.model["comparisons"]]
    assert all(level.get("m_probability") is not None for level in first)
