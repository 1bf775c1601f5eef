from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from palermo.simulate import SimulationConfig, country_profile
from palermo.simulate.population import Population, age_on, simulate_population

CONFIG = SimulationConfig(country="NL", victims=6000, seed=3)


@pytest.fixture(scope="module")
def population() -> Population:
    return simulate_population(CONFIG)


def _within_sampling_error(hits: int, n: int, p: float, z: float = 4.0) -> bool:
    return abs(hits - n * p) <= z * math.sqrt(n * p * (1 - p))


def test_women_are_the_configured_share_of_each_form(population: Population) -> None:
    victims = population.victims
    for form in ("sexual", "labour"):
        group = victims[victims["primary_form"] == form]
        hits = int((group["sex"] == "female").sum())
        expected = CONFIG.population.female_share[form]
        assert _within_sampling_error(hits, len(group), expected), form


def test_children_are_the_configured_share(population: Population) -> None:
    victims = population.victims
    shares = CONFIG.population.child_share
    expected = victims["primary_form"].map(shares).to_numpy()
    hits = int((victims["child"] == "yes").sum())
    sd = math.sqrt(float((expected * (1 - expected)).sum()))
    assert abs(hits - expected.sum()) <= 4 * sd


def test_the_citizenship_mix_follows_the_country_profile(
    population: Population,
) -> None:
    profile = country_profile("NL")
    groups = population.victims["citizenship_group"]
    n = len(groups)
    assert _within_sampling_error(
        int((groups == "reporting_country").sum()), n, profile.nationals_share
    )
    assert _within_sampling_error(
        int((groups == "other_eu").sum()), n, profile.other_eu_share
    )
    assert (
        population.victims.loc[groups == "reporting_country", "citizenship"] == "NL"
    ).all()


def test_some_victims_suffer_several_forms(population: Population) -> None:
    forms = population.victims["forms_of_exploitation"]
    multi = int((forms.map(len) > 1).sum())
    assert _within_sampling_error(
        multi, len(forms), CONFIG.population.multi_form_share * 0.996, z=5
    )
    assert all(
        f[0] == p
        for f, p in zip(forms, population.victims["primary_form"], strict=True)
    )


def test_ages_agree_with_dates_of_birth_and_children_were_minors(
    population: Population,
) -> None:
    victims = population.victims
    dob = victims["date_of_birth"].to_numpy(dtype="datetime64[D]")
    assert (age_on(dob, np.datetime64("2025-07-01")) == victims["age"]).all()
    start = victims["exploitation_start"].to_numpy(dtype="datetime64[D]")
    minors = age_on(dob, start) < 18
    assert ((victims["child"] == "yes").to_numpy() == minors).all()


def test_names_come_from_the_citizenship_locale(population: Population) -> None:
    victims = population.victims
    ukrainians = victims[victims["citizenship"] == "UA"]
    assert len(ukrainians) > 10
    assert (
        ukrainians["family_names_native"]
        .map(lambda s: "\u0400" <= s[0] <= "\u04ff")
        .all()
    )
    assert ukrainians["family_names"].map(str.isascii).all()
    dutch = victims[victims["citizenship"] == "NL"]
    assert (dutch["family_names"] == dutch["family_names_native"]).all()


def test_common_names_repeat_as_in_real_registers(population: Population) -> None:
    nationals = population.victims[population.victims["citizenship"] == "NL"]
    assert nationals["family_names"].nunique() < len(nationals)


def test_every_victim_has_traffickers_in_their_case(population: Population) -> None:
    cases = set(population.victims["case_id"])
    trafficked = set(population.traffickers["case_id"])
    assert cases == trafficked
    per_case = population.victims.groupby("case_id").size()
    assert per_case.mean() == pytest.approx(
        CONFIG.population.victims_per_case, rel=0.25
    )
    # Victims of one case share their main form of exploitation.
    forms = population.victims.groupby("case_id")["primary_form"].nunique()
    assert (forms == 1).mean() > 0.95


def test_person_and_trafficker_ids_are_unique(population: Population) -> None:
    assert population.victims["person_id"].is_unique
    assert population.traffickers["trafficker_id"].is_unique
    assert isinstance(population.victims, pd.DataFrame)


def test_countries_differ_in_size_and_citizenship_mix() -> None:
    romania = simulate_population(SimulationConfig(country="RO", seed=1)).victims
    ireland = simulate_population(SimulationConfig(country="IE", seed=1)).victims
    # Sizes follow population (19.1 and 5.3 million) at the same prevalence.
    assert len(romania) == round(19.0644 * 60)
    assert len(ireland) == round(5.3438 * 60)
    # Romania's victims are mostly Romanians; Ireland's mostly third-country nationals.
    assert (romania["citizenship"] == "RO").mean() > 0.7
    assert (ireland["citizenship_group"] == "non_eu").mean() > 0.7
