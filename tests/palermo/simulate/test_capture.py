from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from palermo.simulate import SOURCE_CATALOGUE, SimulationConfig, capture_probabilities
from palermo.simulate.population import Population, simulate_population
from palermo.simulate.sources import primary_probabilities, simulate_captures

CONFIG = SimulationConfig(country="FR", victims=8000, seed=5)


@pytest.fixture(scope="module")
def population() -> Population:
    return simulate_population(CONFIG)


def _odds_ratio(a: np.ndarray, b: np.ndarray) -> float:
    both, neither = (a & b).sum(), (~a & ~b).sum()
    only_a, only_b = (a & ~b).sum(), (~a & b).sum()
    return float(both * neither / (only_a * only_b))


@pytest.mark.parametrize("seed", [1, 2])
def test_realised_capture_rates_match_the_model_within_sampling_error(
    population: Population, seed: int
) -> None:
    p = capture_probabilities(population.victims, CONFIG)
    seen = simulate_captures(
        population.victims, CONFIG, np.random.default_rng(seed)
    ).seen
    for k, source in enumerate(CONFIG.sources):
        expected = p[:, k].sum()
        sd = np.sqrt((p[:, k] * (1 - p[:, k])).sum())
        assert abs(seen[:, k].sum() - expected) < 4 * sd, source.organisation_id


def test_without_effects_the_capture_rate_is_the_configured_one(
    population: Population,
) -> None:
    plain = tuple(
        dataclasses.replace(s, effects={}, referrals={}, capture_rate=rate)
        for s, rate in zip(SOURCE_CATALOGUE[:3], (0.3, 0.1, 0.02), strict=True)
    )
    config = dataclasses.replace(CONFIG, sources=plain, heterogeneity=0.0)
    seen = simulate_captures(population.victims, config, np.random.default_rng(3)).seen
    n = len(population.victims)
    for k, rate in enumerate((0.3, 0.1, 0.02)):
        assert abs(seen[:, k].sum() - n * rate) < 4 * np.sqrt(n * rate * (1 - rate))


def test_sources_see_the_victims_their_work_brings_them(population: Population) -> None:
    victims = population.victims
    p = primary_probabilities(victims, CONFIG)
    ids = [s.organisation_id for s in CONFIG.sources]
    labour = victims["forms_of_exploitation"].map(lambda f: "labour" in f).to_numpy()
    inspectorate = p[:, ids.index("labour_inspectorate")]
    assert inspectorate[labour].mean() > 5 * inspectorate[~labour].mean()
    women = (victims["sex"] == "female").to_numpy()
    ngo = p[:, ids.index("ngo")]
    assert ngo[women].mean() > ngo[~women].mean()
    nationals = (victims["citizenship_group"] == "reporting_country").to_numpy()
    border = p[:, ids.index("border_guard")]
    assert border[~nationals].mean() > 3 * border[nationals].mean()


def test_referrals_make_the_lists_positively_dependent(population: Population) -> None:
    independent = dataclasses.replace(CONFIG, referral_scale=0.0, heterogeneity=0.0)
    plain = tuple(dataclasses.replace(s, effects={}) for s in CONFIG.sources)
    independent = dataclasses.replace(independent, sources=plain)
    referring = dataclasses.replace(independent, referral_scale=1.0)
    rng = np.random.default_rng(9)
    alone = simulate_captures(population.victims, independent, rng).seen
    together = simulate_captures(population.victims, referring, rng).seen
    # police (0) refers to the NGO (1): their overlap grows well beyond independence.
    assert _odds_ratio(alone[:, 0], alone[:, 1]) == pytest.approx(1.0, abs=0.35)
    assert _odds_ratio(together[:, 0], together[:, 1]) > 2.0


def test_some_victims_are_seen_by_no_source(population: Population) -> None:
    captures = simulate_captures(population.victims, CONFIG, np.random.default_rng(4))
    seen = captures.seen.any(axis=1)
    assert 0.3 < seen.mean() < 0.7
    assert np.isnat(captures.date[~captures.seen]).all()
    dates = captures.date[captures.seen]
    assert dates.min() >= np.datetime64("2025-01-01")
    assert dates.max() <= np.datetime64("2025-12-31")


def test_referred_victims_are_registered_after_the_referrer_saw_them(
    population: Population,
) -> None:
    captures = simulate_captures(population.victims, CONFIG, np.random.default_rng(6))
    rows, cols = np.nonzero(captures.referrer >= 0)
    assert rows.size > 50
    referrers = captures.referrer[rows, cols]
    assert (captures.date[rows, cols] >= captures.date[rows, referrers]).all()
