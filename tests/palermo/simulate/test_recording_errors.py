from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from palermo.simulate import (
    Simulation,
    SimulationConfig,
    error_preset,
    simulate_country,
)
from palermo.simulate import errors as e
from palermo.simulate.errors import typo
from palermo.standard import UNKNOWN

CONFIG = SimulationConfig(
    country="DE", victims=5000, seed=21, errors=error_preset("hard")
)


@pytest.fixture(scope="module")
def simulation() -> Simulation:
    return simulate_country(CONFIG)


@pytest.fixture(scope="module")
def records(simulation: Simulation) -> pd.DataFrame:
    """Every victim record with its source's error scale, its errors and the truth."""
    frames = []
    for source in CONFIG.sources:
        frame = simulation.victim_records[source.organisation_id].copy()
        frame["source"] = source.organisation_id
        frame["scale"] = source.error_scale
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    errors = simulation.record_errors.groupby(["source", "record_id"])["error"].agg(set)
    out["errors"] = [
        errors.get((s, r), set())
        for s, r in zip(out["source"], out["source_record_id"], strict=True)
    ]
    truth = simulation.population.victims.set_index("person_id")
    for column in ("given_names", "family_names", "date_of_birth", "document_number"):
        out[f"true_{column}"] = truth.loc[out["person_id"], column].to_numpy()
    out["variants"] = [
        set(g) | set(f)
        for g, f in zip(
            truth.loc[out["person_id"], "given_names_variants"],
            truth.loc[out["person_id"], "family_names_variants"],
            strict=True,
        )
    ]
    return out


def _assert_rate(hits: int, trials: np.ndarray) -> None:
    """``trials`` holds each eligible record's probability of the error."""
    expected = float(trials.sum())
    sd = math.sqrt(float((trials * (1 - trials)).sum()))
    assert abs(hits - expected) <= 4 * sd + 1, (hits, expected)


def _has(records: pd.DataFrame, error: str) -> np.ndarray:
    return records["errors"].map(lambda found: error in found).to_numpy()


@pytest.mark.parametrize(
    "error",
    [
        e.TYPO,
        e.SWAPPED_NAMES,
        e.DOB_MISSING,
        e.DOB_YEAR_ONLY,
        e.DOB_PLACEHOLDER,
        e.DOB_WRONG_YEAR,
    ],
)
def test_recording_errors_appear_at_the_configured_rates(
    records: pd.DataFrame, error: str
) -> None:
    rate = getattr(CONFIG.errors, error)
    trials = np.minimum(1.0, rate * records["scale"].to_numpy())
    _assert_rate(int(_has(records, error).sum()), trials)


def test_transliteration_variants_appear_at_their_rate_among_non_latin_names(
    records: pd.DataFrame,
) -> None:
    eligible = records[records["variants"].map(bool)]
    assert len(eligible) > 200
    trials = np.minimum(
        1.0, CONFIG.errors.transliteration * eligible["scale"].to_numpy()
    )
    _assert_rate(int(_has(eligible, e.TRANSLITERATION).sum()), trials)
    latin = records[~records["variants"].map(bool)]
    assert not _has(latin, e.TRANSLITERATION).any()


def test_day_month_swaps_appear_at_their_rate_where_the_date_allows(
    records: pd.DataFrame,
) -> None:
    dob = pd.to_datetime(records["true_date_of_birth"])
    eligible = records[(dob.dt.day <= 12) & (dob.dt.day != dob.dt.month)]
    trials = np.minimum(
        1.0, CONFIG.errors.dob_day_month_swap * eligible["scale"].to_numpy()
    )
    _assert_rate(int(_has(eligible, e.DOB_DAY_MONTH_SWAP).sum()), trials)


def test_the_hard_preset_puts_errors_in_10_to_30_percent_of_records(
    records: pd.DataFrame,
) -> None:
    share = records["errors"].map(bool).mean()
    assert 0.10 <= share <= 0.30


def test_duplicate_records_of_one_person_appear_at_their_rate(
    records: pd.DataFrame,
) -> None:
    originals = records[~records["duplicate"]]
    trials = np.minimum(1.0, CONFIG.errors.duplicate * originals["scale"].to_numpy())
    _assert_rate(int(records["duplicate"].sum()), trials)
    again = records[records["duplicate"]]
    assert (
        again.groupby("source")["person_id"]
        .apply(lambda ids: set(ids) <= set(originals["person_id"]))
        .all()
    )


def test_statistical_fields_are_left_unknown_at_their_rate(
    records: pd.DataFrame,
) -> None:
    trials = np.minimum(1.0, CONFIG.errors.missing_value * records["scale"].to_numpy())
    for field in ("sex", "citizenship", "referral_source"):
        _assert_rate(int((records[field] == UNKNOWN).sum()), trials)


def _only(records: pd.DataFrame, error: str) -> pd.DataFrame:
    return records[records["errors"].map(lambda found: found == {error})]


def test_each_logged_error_shows_in_the_record(records: pd.DataFrame) -> None:
    clean = records[records["errors"].map(lambda found: not found)]
    assert (clean["given_names"] == clean["true_given_names"]).all()
    assert (clean["family_names"] == clean["true_family_names"]).all()
    assert (clean["date_of_birth"] == clean["true_date_of_birth"].map(_day)).all()

    swapped = _only(records, e.SWAPPED_NAMES)
    assert (swapped["given_names"] == swapped["true_family_names"]).all()
    assert (swapped["family_names"] == swapped["true_given_names"]).all()

    slipped = _only(records, e.TYPO)
    changed = (slipped["given_names"] != slipped["true_given_names"]).astype(int) + (
        slipped["family_names"] != slipped["true_family_names"]
    ).astype(int)
    assert (changed == 1).all()

    spelt = _only(records, e.TRANSLITERATION)
    assert len(spelt) > 0
    for _, row in spelt.iterrows():
        names = {row["given_names"], row["family_names"]}
        assert names != {row["true_given_names"], row["true_family_names"]}
        assert names & row["variants"]

    for error, check in (
        (e.DOB_MISSING, lambda r, t: r is None),
        (e.DOB_PLACEHOLDER, lambda r, t: r == date(t.year, 1, 1)),
        (e.DOB_DAY_MONTH_SWAP, lambda r, t: (r.day, r.month) == (t.month, t.day)),
        (e.DOB_WRONG_YEAR, lambda r, t: abs(r.year - t.year) in (1, 10)),
    ):
        subset = _only(records, error)
        assert all(
            check(r, _day(t))
            for r, t in zip(
                subset["date_of_birth"], subset["true_date_of_birth"], strict=True
            )
        ), error

    year_only = _only(records, e.DOB_YEAR_ONLY)
    with_column = year_only[year_only["birth_year"].notna()]
    assert len(with_column) > 0
    assert (with_column["date_of_birth"].isna()).all()
    years = with_column["true_date_of_birth"].map(lambda t: _day(t).year)
    assert (with_column["birth_year"].astype(int) == years).all()


def test_document_typos_change_one_digit(records: pd.DataFrame) -> None:
    slipped = _only(records, e.DOCUMENT_TYPO)
    assert len(slipped) > 0
    for written, true in zip(
        slipped["document_number"], slipped["true_document_number"], strict=True
    ):
        assert len(written) == len(true)
        assert sum(a != b for a, b in zip(written, true, strict=True)) == 1


@pytest.mark.parametrize("text", ["Ana", "Li", "Anna", "X", "Mohammed"])
def test_a_typo_always_changes_the_name(text: str) -> None:
    rng = np.random.default_rng(0)
    assert all(typo(text, rng) != text for _ in range(200))


def _day(value: object) -> date:
    return pd.Timestamp(value).date()
