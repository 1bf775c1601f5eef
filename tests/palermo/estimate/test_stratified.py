"""Estimates by stratum that add up, with sparse strata pooled and said so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from mse_reference import statistical_doubts_allowed

from palermo.errors import InputError
from palermo.estimate import LogLinearMSE, estimate_by_stratum
from palermo.estimate.stratified import stratum_of

LISTS = ("police", "ngo", "labour")


def _people(
    rng: np.random.Generator, total: int, chances: tuple, **columns: object
) -> pd.DataFrame:
    caught = rng.random((total, len(chances))) < np.array(chances)
    seen = caught[caught.any(axis=1)]
    frame = pd.DataFrame(seen.astype(np.int8), columns=[f"cap_{n}" for n in LISTS])
    for name, value in columns.items():
        frame[name] = [value] * len(frame)
    return frame


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.concat(
        [
            _people(rng, 4000, (0.3, 0.2, 0.1), sex="female", forms=["sexual"]),
            _people(rng, 2000, (0.1, 0.3, 0.25), sex="male", forms=["labour"]),
            _people(
                rng, 60, (0.2, 0.2, 0.2), sex="unknown", forms=["labour", "sexual"]
            ),
        ],
        ignore_index=True,
    )


def test_the_total_is_the_sum_of_the_strata(persons: pd.DataFrame) -> None:
    with statistical_doubts_allowed() as caught:
        result = estimate_by_stratum(persons, "sex", LogLinearMSE(method="main"))
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("Stratum unknown is too sparse") for m in messages)
    names = [name for name, _ in result.strata]
    assert names == ["female", "male", "pooled"]
    assert result.pooled == ("unknown",)
    assert result.estimate == pytest.approx(sum(r.estimate for _, r in result.strata))
    assert result.observed == len(persons)
    assert result.ci_low < result.estimate < result.ci_high
    # Independent lists, so the main-effects estimates are unbiased: 4,000 and 2,000.
    assert result.stratum("female").estimate == pytest.approx(4000, rel=0.1)
    assert result.stratum("male").estimate == pytest.approx(2000, rel=0.15)


def test_a_person_with_several_forms_of_exploitation_counts_once(
    persons: pd.DataFrame,
) -> None:
    assert stratum_of(["labour", "sexual"]) == "multiple"
    assert stratum_of(["labour", "labour"]) == "labour"
    assert stratum_of([]) == "unknown"
    with statistical_doubts_allowed():
        result = estimate_by_stratum(persons, "forms", LogLinearMSE(method="main"))
    assert result.pooled == ("multiple",)
    assert result.observed == len(persons)


def test_the_bootstrap_totals_add_replicate_by_replicate(persons: pd.DataFrame) -> None:
    with statistical_doubts_allowed():
        result = estimate_by_stratum(
            persons, "sex", LogLinearMSE(method="main", bootstrap=60, n_jobs=1)
        )
    assert result.ci_kind == "bca"
    assert result.ci_low < result.estimate < result.ci_high
    seeds = {r.settings.seed for _, r in result.strata}
    assert len(seeds) == 3  # each stratum draws its own samples


def test_it_names_a_missing_stratum_column(persons: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="no column 'age_group'"):
        estimate_by_stratum(persons, "age_group")


def test_the_stratified_result_has_json_keys_and_a_table(persons: pd.DataFrame) -> None:
    with statistical_doubts_allowed():
        result = estimate_by_stratum(persons, "sex", LogLinearMSE(method="main"))
    data = result.to_dict()
    assert {
        "estimate",
        "ci_low",
        "ci_high",
        "ci_kind",
        "observed",
        "lists",
        "strata",
    } <= set(data)
    assert set(data["strata"]) == {"female", "male", "pooled"}
    table = result.summary()
    assert table.stratum.tolist() == ["female", "male", "pooled", "total"]
    assert "StratifiedMSEResult(by='sex', strata=3" in repr(result)


def test_a_stratum_with_no_estimate_even_pooled_joins_the_largest_with_a_warning(
    persons: pd.DataFrame,
) -> None:
    # Ten people of unknown sex, each on one list only: nobody overlaps, so no model
    # has an estimate for them, pooled or not. They must still be counted once.
    alone = pd.DataFrame(
        np.eye(len(LISTS), dtype=np.int8)[np.arange(10) % len(LISTS)],
        columns=[f"cap_{n}" for n in LISTS],
    )
    alone["sex"] = "unknown"
    data = pd.concat([persons[persons["sex"] != "unknown"], alone], ignore_index=True)
    with statistical_doubts_allowed() as caught:
        result = estimate_by_stratum(data, "sex", LogLinearMSE(method="main"))
    messages = [str(w.message) for w in caught]
    assert any("estimated with the largest stratum, female" in m for m in messages)
    assert [name for name, _ in result.strata] == ["male", "female+pooled"]
    assert result.pooled == ("unknown",)
    assert result.observed == len(data)
    assert "sparse_strata_merged" in [n.code for n in result.notices]
