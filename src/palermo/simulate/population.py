"""The hidden population: every true victim of a reference year, and their traffickers.

Covariates follow Eurostat's published structure of registered victims (forms of
exploitation, sex by form, children, citizenship mix); see
:class:`palermo.simulate.config.PopulationConfig` for the figures and their sources.
Victims are exploited together in cases, each with its own traffickers, so that suspects
and proceedings can be derived consistently from the victims that sources find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from palermo.simulate.config import PopulationConfig, SimulationConfig
from palermo.simulate.names import FEMALE, MALE, draw_names, stable_seed
from palermo.simulate.profiles import citizenships, country_profile
from palermo.standard import NOT_APPLICABLE, citizenship_group

# A victim's second form of exploitation, given the first: the combinations reports
# describe (sexual exploitation with forced criminality, labour with servitude...).
SECOND_FORMS: dict[str, tuple[str, ...]] = {
    "sexual": ("criminal_activities", "labour", "forced_marriage", "servitude"),
    "labour": ("servitude", "begging", "criminal_activities", "sexual"),
    "begging": ("criminal_activities", "labour"),
    "criminal_activities": ("sexual", "labour", "begging"),
    "servitude": ("labour", "sexual"),
    "forced_marriage": ("sexual", "servitude"),
    "slavery": ("labour", "servitude"),
    "surrogacy": ("sexual",),
    "organ_removal": ("labour",),
    "other": ("labour", "sexual"),
}

# Youngest age at which children are found in each form (illegal adoption: infants).
_CHILD_MIN_AGE = {"begging": 5, "illegal_adoption": 0, "forced_marriage": 13}


@dataclass(frozen=True)
class Population:
    """The truth of a simulated country.

    Attributes:
        victims: one row per true victim (seen or not), with identity and covariates.
        traffickers: one row per trafficker, with the case they belong to.
    """

    victims: pd.DataFrame
    traffickers: pd.DataFrame


def victim_count(config: SimulationConfig) -> int:
    """The size of the hidden population: ``config.victims``, or population x
    prevalence for the country (at least 50)."""
    if config.victims is not None:
        return int(config.victims)
    profile = country_profile(config.country)
    return max(50, round(profile.population * config.prevalence_per_million / 1e6))


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=float)
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), n, p=p / p.sum())]


def _citizenships(
    config: SimulationConfig, rng: np.random.Generator, n: int
) -> np.ndarray:
    country = country_profile(config.country).code
    profile = country_profile(country)
    nationals = config.population.nationals_share
    other_eu = config.population.other_eu_share
    nationals = profile.nationals_share if nationals is None else nationals
    other_eu = profile.other_eu_share if other_eu is None else other_eu
    group = rng.choice(
        3, n, p=[nationals, other_eu, max(0.0, 1 - nationals - other_eu)]
    )
    table = citizenships()
    eu = {c: t.other_eu_weight for c, t in table.items() if t.other_eu_weight > 0}
    non_eu = {c: t.non_eu_weight for c, t in table.items() if t.non_eu_weight > 0}
    eu.pop(country, None)
    non_eu.pop(country, None)
    out = np.full(n, country, dtype=object)
    out[group == 1] = _choice(rng, eu, int((group == 1).sum()))
    out[group == 2] = _choice(rng, non_eu, int((group == 2).sum()))
    return out


def _forms(
    cfg: PopulationConfig, rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray]:
    primary = _choice(rng, cfg.form_shares, n)
    forms = np.empty(n, dtype=object)
    multi = rng.random(n) < cfg.multi_form_share
    second_pick = rng.random(n)
    for i in range(n):
        first = primary[i]
        options = SECOND_FORMS.get(first, ())
        if multi[i] and options and first != "illegal_adoption":
            forms[i] = (first, options[int(second_pick[i] * len(options))])
        else:
            forms[i] = (first,)
    return primary, forms


def _by_form(
    table: dict[str, float], primary: np.ndarray, default: float
) -> np.ndarray:
    return np.asarray([table.get(f, default) for f in primary], dtype=float)


def _ages_and_dates(
    cfg: PopulationConfig, year: int, primary: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Age when exploitation began, that date, and the date of birth (numpy days)."""
    n = len(primary)
    child = rng.random(n) < _by_form(cfg.child_share, primary, 0.15)
    lowest = np.asarray([_CHILD_MIN_AGE.get(f, 12) for f in primary])
    child_age = lowest + rng.random(n) * (18 - lowest)
    adoption = primary == "illegal_adoption"
    child_age[adoption] = rng.random(int(adoption.sum()))
    adult_age = np.minimum(18 + rng.gamma(2.0, 6.5, n), 72.0)
    age_at_start = np.where(child, child_age, adult_age)
    midyear = np.datetime64(f"{year}-07-01", "D")
    # Exploitation began up to two years before the reference year's middle.
    duration = np.where(adoption, rng.random(n) * 0.5, rng.random(n) * 2.0)
    start = midyear - np.round(duration * 365.25).astype("timedelta64[D]")
    dob = start - np.ceil(age_at_start * 365.25).astype("timedelta64[D]")
    return start, dob, child


def age_on(dob: np.ndarray, when: np.ndarray | np.datetime64) -> np.ndarray:
    """Completed years between dates of birth and a date (or dates), vectorised."""
    born = pd.DatetimeIndex(dob)
    at = pd.DatetimeIndex(np.broadcast_to(when, np.shape(dob)))
    before_birthday = (at.month < born.month) | (
        (at.month == born.month) & (at.day < born.day)
    )
    return np.asarray(at.year - born.year - before_birthday.astype(int), dtype=np.int64)


def _document_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    letters = rng.integers(0, 26, (n, 2))
    digits = rng.integers(0, 10_000_000, n)
    return np.asarray(
        [
            f"{chr(65 + a)}{chr(65 + b)}{d:07d}"
            for (a, b), d in zip(letters.tolist(), digits.tolist(), strict=True)
        ],
        dtype=object,
    )


def _third_country_fields(
    rng: np.random.Generator, group: np.ndarray, cooperation: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Reflection period and residence permit: only third-country nationals qualify
    (Directive 2004/81/EC)."""
    n = len(group)
    third = group == "non_eu"
    reflection = np.full(n, NOT_APPLICABLE, dtype=object)
    reflection[third] = _choice(
        rng, {"granted": 0.55, "not_requested": 0.35, "refused": 0.10}, int(third.sum())
    )
    permit = np.full(n, NOT_APPLICABLE, dtype=object)
    coop = third & (cooperation == "yes")
    permit[coop] = _choice(
        rng,
        {"granted": 0.55, "renewed": 0.1, "refused": 0.1, "none": 0.25},
        int(coop.sum()),
    )
    other = third & (cooperation != "yes")
    permit[other] = _choice(
        rng, {"none": 0.8, "granted": 0.1, "refused": 0.1}, int(other.sum())
    )
    return reflection, permit


def simulate_victims(
    config: SimulationConfig, rng: np.random.Generator
) -> pd.DataFrame:
    """The hidden population of victims, one row each (see module docstring)."""
    cfg = config.population
    n = victim_count(config)
    country = country_profile(config.country).code
    citizenship = _citizenships(config, rng, n)
    primary, forms = _forms(cfg, rng, n)
    female = rng.random(n) < _by_form(cfg.female_share, primary, 0.5)
    sex = np.where(female, FEMALE, MALE).astype(object)
    start, dob, _ = _ages_and_dates(cfg, config.year, primary, rng)
    child = age_on(dob, start) < 18
    names = draw_names(citizenship, sex, rng)
    group = np.asarray([citizenship_group(c, country) for c in citizenship], object)
    table = citizenships()
    cities = np.asarray(
        [
            table[c].cities[i % len(table[c].cities)]
            for c, i in zip(citizenship, rng.integers(0, 1000, n).tolist(), strict=True)
        ],
        dtype=object,
    )
    abroad = rng.random(n) < cfg.exploited_abroad_share
    exploitation = np.where(
        abroad & (citizenship != country), citizenship, country
    ).astype(object)
    recruited_home = rng.random(n) < 0.85
    recruitment = np.where(recruited_home, citizenship, country).astype(object)
    cooperation = np.where(rng.random(n) < 0.45, "yes", "no").astype(object)
    reflection, permit = _third_country_fields(rng, group, cooperation)
    unaccompanied = np.full(n, NOT_APPLICABLE, dtype=object)
    foreign_child = child & (citizenship != country)
    unaccompanied[child] = "no"
    unaccompanied[foreign_child & (rng.random(n) < 0.45)] = "yes"
    guardian = np.full(n, NOT_APPLICABLE, dtype=object)
    guardian[child] = np.where(rng.random(int(child.sum())) < 0.7, "yes", "no")
    width = max(6, len(str(n)))
    return pd.DataFrame(
        {
            "person_id": [f"P{i:0{width}d}" for i in range(1, n + 1)],
            "sex": sex,
            "date_of_birth": dob,
            "age": age_on(dob, np.datetime64(f"{config.year}-07-01", "D")),
            "child": np.where(child, "yes", "no").astype(object),
            "citizenship": citizenship,
            "citizenship_group": group,
            "forms_of_exploitation": forms,
            "primary_form": primary,
            "exploitation_start": start,
            "given_names": names.given,
            "family_names": names.family,
            "given_names_native": names.given_native,
            "family_names_native": names.family_native,
            "given_names_variants": names.given_variants,
            "family_names_variants": names.family_variants,
            "place_of_birth": cities,
            "document_number": _document_numbers(rng, n),
            "country_of_exploitation": exploitation,
            "recruitment_country": recruitment,
            "assistance_received": np.where(rng.random(n) < 0.75, "yes", "no").astype(
                object
            ),
            "reflection_period": reflection,
            "residence_permit": permit,
            "cooperation": cooperation,
            "unaccompanied_minor": unaccompanied,
            "guardian_appointed": guardian,
            "visibility": rng.standard_normal(n),
        }
    )


def assign_cases(
    victims: pd.DataFrame, cfg: PopulationConfig, rng: np.random.Generator
) -> np.ndarray:
    """Group victims into cases: people of one form and citizenship exploited together."""
    n = len(victims)
    citizenship = pd.factorize(victims["citizenship"], sort=True)[0]
    form = pd.factorize(victims["primary_form"], sort=True)[0]
    order = np.lexsort((rng.random(n), citizenship, form))
    sizes = rng.geometric(1.0 / max(cfg.victims_per_case, 1.0), n)
    bounds = np.cumsum(sizes)
    bounds = bounds[: int(np.searchsorted(bounds, n)) + 1]
    case_of_position = np.searchsorted(bounds, np.arange(n), side="right")
    # Renumber cases in order of first appearance so that ids are dense.
    case = np.empty(n, dtype=np.int64)
    case[order] = case_of_position
    _, dense = np.unique(case, return_inverse=True)
    return dense + 1


def simulate_traffickers(
    victims: pd.DataFrame, config: SimulationConfig, rng: np.random.Generator
) -> pd.DataFrame:
    """The traffickers of every case, with sex, age, citizenship and role."""
    cfg = config.population
    country = country_profile(config.country).code
    cases = victims.groupby("case_id", sort=True)["citizenship"].first()
    counts = 1 + rng.poisson(max(cfg.traffickers_per_case - 1, 0.0), len(cases))
    case_id = np.repeat(cases.index.to_numpy(), counts)
    rank = (
        np.concatenate([np.arange(c) for c in counts]) if len(counts) else np.array([])
    )
    m = len(case_id)
    victim_citizenship = np.repeat(cases.to_numpy(), counts)
    draw = rng.random(m)
    citizenship = np.where(draw < 0.55, victim_citizenship, country).astype(object)
    foreign = draw > 0.9
    citizenship[foreign] = _citizenships(config, rng, int(foreign.sum()))
    roles = _choice(
        rng, {"exploiter": 0.45, "recruiter": 0.3, "transporter": 0.2, "other": 0.05}, m
    )
    size = np.repeat(counts, counts)
    roles[(rank == 0) & (size >= 3)] = "organiser"
    users = rng.random(m) < 0.04
    roles[users & (rank > 0)] = "user_of_services"
    width = max(6, len(str(m)))
    return pd.DataFrame(
        {
            "trafficker_id": [f"T{i:0{width}d}" for i in range(1, m + 1)],
            "case_id": case_id,
            "sex": np.where(rng.random(m) < cfg.female_trafficker_share, FEMALE, MALE),
            "age": np.minimum(20 + rng.gamma(3.0, 6.0, m), 80).astype(np.int64),
            "citizenship": citizenship,
            "role": roles,
            "knowing_use": np.where(roles == "user_of_services", "yes", "no"),
        }
    )


def simulate_population(config: SimulationConfig) -> Population:
    """The hidden population of a config, from its seed alone."""
    rng = np.random.default_rng(stable_seed("population", config.seed))
    victims = simulate_victims(config, rng)
    victims.insert(1, "case_id", assign_cases(victims, config.population, rng))
    traffickers = simulate_traffickers(victims, config, rng)
    return Population(victims=victims, traffickers=traffickers)


__all__ = [
    "SECOND_FORMS",
    "Population",
    "age_on",
    "simulate_population",
    "victim_count",
]
