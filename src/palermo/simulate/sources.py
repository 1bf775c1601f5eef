"""Which sources see which victims: the capture model, and the records it produces.

Each source first finds victims on its own, independently given the victim's covariates
and latent visibility (see :mod:`palermo.simulate.config` for the logistic model). Then
each source refers some of the victims it found to other sources, which register them
too: referrals make the lists positively dependent, as they are in a real national
referral mechanism. Victims found by no source are the hidden part that multiple
systems estimation has to recover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from palermo.simulate.config import COVARIATES, SimulationConfig, SourceConfig
from palermo.simulate.population import age_on

NO_REFERRER = -1

# How victims reach a source that found them itself: on their own, through family or a
# hotline, or through the source's own kind of work (a raid, an inspection, a check).
_OWN_REFERRALS = {"self": 0.2, "family": 0.08, "hotline": 0.12, "other": 0.1}


def covariates(victims: pd.DataFrame) -> dict[str, np.ndarray]:
    """The 0/1 covariates that capture effects may name, one array per covariate."""
    # Few distinct combinations of forms exist: test membership once per combination.
    combination, combinations = pd.factorize(victims["forms_of_exploitation"])
    group = victims["citizenship_group"].to_numpy()
    out = {
        "female": (victims["sex"].to_numpy() == "female"),
        "child": (victims["child"].to_numpy() == "yes"),
        "national": group == "reporting_country",
        "other_eu": group == "other_eu",
        "non_eu": group == "non_eu",
    }
    for name in COVARIATES:
        if name not in out:
            has = np.asarray([name in forms for forms in combinations], dtype=bool)
            out[name] = has[combination] if len(has) else np.zeros(len(victims), bool)
    return {k: v.astype(float) for k, v in out.items()}


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(p / (1 - p)))


def primary_probabilities(
    victims: pd.DataFrame, config: SimulationConfig
) -> np.ndarray:
    """Probability that each source finds each victim by itself (persons x sources)."""
    x = covariates(victims)
    visibility = victims["visibility"].to_numpy()
    columns = []
    for source in config.sources:
        eta = np.full(len(victims), _logit(source.capture_rate))
        for name, effect in source.effects.items():
            eta += effect * x[name]
        eta += config.heterogeneity * visibility
        columns.append(1.0 / (1.0 + np.exp(-eta)))
    return np.column_stack(columns) if columns else np.empty((len(victims), 0))


def referral_matrix(config: SimulationConfig) -> np.ndarray:
    """r[j, k]: probability that source j refers a victim it found to source k."""
    index = {s.organisation_id: i for i, s in enumerate(config.sources)}
    k = len(config.sources)
    r = np.zeros((k, k))
    for j, source in enumerate(config.sources):
        for target, probability in source.referrals.items():
            if target in index and index[target] != j:
                r[j, index[target]] = min(1.0, probability * config.referral_scale)
    return r


def capture_probabilities(
    victims: pd.DataFrame, config: SimulationConfig
) -> np.ndarray:
    """Probability that each source registers each victim, referrals included.

    A victim reaches source k either by k's own finding or by a referral from some
    source j that found the victim itself; these events are independent given the
    victim, so P(k) = 1 - (1 - p_k) * prod_j (1 - p_j r_jk).
    """
    p = primary_probabilities(victims, config)
    r = referral_matrix(config)
    missed = 1.0 - p
    for k in range(p.shape[1]):
        for j in range(p.shape[1]):
            if r[j, k] > 0:
                missed[:, k] *= 1.0 - p[:, j] * r[j, k]
    return np.asarray(1.0 - missed)


@dataclass(frozen=True)
class Captures:
    """Who saw whom, and when.

    Attributes:
        seen: persons x sources, True where the source registered the person.
        referrer: index of the source that referred the person, or -1 where the
            source found the person itself (or did not see them).
        date: registration date (numpy days); NaT where unseen.
    """

    seen: np.ndarray
    referrer: np.ndarray
    date: np.ndarray


def simulate_captures(
    victims: pd.DataFrame, config: SimulationConfig, rng: np.random.Generator
) -> Captures:
    """Draw the capture of every victim by every source (see module docstring)."""
    n, k = len(victims), len(config.sources)
    primary = rng.random((n, k)) < primary_probabilities(victims, config)
    r = referral_matrix(config)
    first_day = np.datetime64(f"{config.year}-01-01", "D")
    last_day = np.datetime64(f"{config.year}-12-31", "D")
    days = int((last_day - first_day).astype(int)) + 1
    date = np.full((n, k), np.datetime64("NaT"), dtype="datetime64[D]")
    own = first_day + rng.integers(0, days, (n, k)).astype("timedelta64[D]")
    date[primary] = own[primary]
    seen = primary.copy()
    referrer = np.full((n, k), NO_REFERRER, dtype=np.int64)
    for j in range(k):
        for target in range(k):
            if r[j, target] == 0:
                continue
            referred = primary[:, j] & (rng.random(n) < r[j, target])
            delay = (1 + rng.geometric(0.1, n)).astype("timedelta64[D]")
            new = referred & ~seen[:, target]
            seen[:, target] |= new
            referrer[new, target] = j
            date[new, target] = np.minimum(date[new, j] + delay[new], last_day)
    return Captures(seen=seen, referrer=referrer, date=date)


def victim_records(
    victims: pd.DataFrame,
    captures: Captures,
    config: SimulationConfig,
    index: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The records one source made of the victims it saw, with true identities.

    Duplicates (a second registration of the same person) are added here; their
    identities are corrupted independently later, in :mod:`palermo.simulate.errors`.
    Rows are sorted by registration date; ``source_record_id`` is assigned by the
    caller, in that order.
    """
    source = config.sources[index]
    rows = np.flatnonzero(captures.seen[:, index])
    dates = captures.date[rows, index]
    duplicate_rate = min(1.0, config.errors.duplicate * source.error_scale)
    again = rows[rng.random(rows.size) < duplicate_rate]
    last_day = np.datetime64(f"{config.year}-12-31", "D")
    later = np.minimum(
        captures.date[again, index]
        + rng.integers(7, 120, again.size).astype("timedelta64[D]"),
        last_day,
    )
    person_rows = np.concatenate([rows, again])
    record_dates = np.concatenate([dates, later])
    is_duplicate = np.r_[np.zeros(rows.size, bool), np.ones(again.size, bool)]
    order = np.lexsort((person_rows, record_dates))
    person_rows, record_dates = person_rows[order], record_dates[order]
    is_duplicate = is_duplicate[order]
    people = victims.iloc[person_rows].reset_index(drop=True)
    records = pd.DataFrame(
        {
            "person_id": people["person_id"],
            "duplicate": is_duplicate,
            "registration_date": record_dates,
            "status": np.where(
                rng.random(len(people)) < source.identified_share,
                "identified",
                "presumed",
            ).astype(object),
            "age": age_on(people["date_of_birth"].to_numpy(), record_dates),
            "referral_source": _referral_sources(
                source, captures.referrer[person_rows, index], config, rng
            ),
        }
    )
    for column in (
        "given_names",
        "family_names",
        "given_names_variants",
        "family_names_variants",
        "date_of_birth",
        "place_of_birth",
        "document_number",
        "sex",
        "child",
        "citizenship",
        "forms_of_exploitation",
        "country_of_exploitation",
        "recruitment_country",
        "assistance_received",
        "reflection_period",
        "residence_permit",
        "cooperation",
        "unaccompanied_minor",
        "guardian_appointed",
    ):
        records[column] = people[column].to_numpy()
    return records


def _referral_sources(
    source: SourceConfig,
    referrer: np.ndarray,
    config: SimulationConfig,
    rng: np.random.Generator,
) -> np.ndarray:
    own = {**_OWN_REFERRALS, source.organisation_type: 0.5}
    codes = list(own)
    weights = np.asarray([own[c] for c in codes])
    drawn = np.asarray(codes, dtype=object)[
        rng.choice(len(codes), referrer.size, p=weights / weights.sum())
    ]
    types = np.asarray([s.organisation_type for s in config.sources], dtype=object)
    referred = referrer != NO_REFERRER
    drawn[referred] = types[referrer[referred]]
    return drawn


def capture_histories(
    victims: pd.DataFrame, captures: Captures, config: SimulationConfig
) -> pd.DataFrame:
    """The true capture history of every person: one 0/1 column per source."""
    table = pd.DataFrame({"person_id": victims["person_id"].to_numpy()})
    for i, source in enumerate(config.sources):
        table[f"cap_{source.organisation_id}"] = captures.seen[:, i].astype(np.int8)
    return table


__all__ = [
    "NO_REFERRER",
    "Captures",
    "capture_histories",
    "capture_probabilities",
    "covariates",
    "primary_probabilities",
    "referral_matrix",
    "simulate_captures",
    "victim_records",
]
