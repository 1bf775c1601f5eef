"""Suspects and proceedings: what police, prosecutors and courts record about traffickers.

A case is investigated when the police found one of its victims (or, less often,
otherwise); its traffickers become suspects; some cases go to the prosecution service,
some of those to trial. Each stage draws from the previous one only, so the prosecuted
are a subset of the suspected and the convicted of the prosecuted, as Eurostat's
legal-status categories require.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from palermo.simulate.config import SimulationConfig
from palermo.simulate.sources import Captures
from palermo.simulate.styles import style_for
from palermo.standard import Kind


@dataclass(frozen=True)
class JusticeRecords:
    """Standard-form suspect and proceeding records per organisation, and the truth.

    Attributes:
        suspects: organisation id -> suspect records (standard field names).
        proceedings: organisation id -> proceeding records.
        cases: one row per case: its victims and how far it went.
        traffickers: the population's traffickers with their legal stages.
        suspect_truth: (source, record_id, trafficker_id, case_id) of every suspect
            record.
        proceeding_truth: (source, record_id, case_id) of every proceeding record.
    """

    suspects: dict[str, pd.DataFrame]
    proceedings: dict[str, pd.DataFrame]
    cases: pd.DataFrame
    traffickers: pd.DataFrame
    suspect_truth: pd.DataFrame
    proceeding_truth: pd.DataFrame


def _dates_after(
    start: np.ndarray,
    low: int,
    high: int,
    last: np.datetime64,
    rng: np.random.Generator,
) -> np.ndarray:
    step = rng.integers(low, high, start.size).astype("timedelta64[D]")
    return np.asarray(np.minimum(start + step, last))


def _at_least_one(
    chosen: np.ndarray, case: np.ndarray, eligible: np.ndarray
) -> np.ndarray:
    """Make sure each case with an eligible trafficker has one chosen (its first)."""
    frame = pd.DataFrame(
        {"case": case, "chosen": chosen & eligible, "eligible": eligible}
    )
    has = frame.groupby("case")["chosen"].transform("any").to_numpy()
    first = ~frame[eligible].duplicated("case").reindex(frame.index, fill_value=True)
    return np.asarray(chosen & eligible | (eligible & ~has & first.to_numpy()))


def _forms_by_case(victims: pd.DataFrame, cases: pd.Index) -> list[tuple[str, ...]]:
    """Every form of exploitation of each case's victims, sorted."""
    found: dict[int, set[str]] = {}
    for case, forms in zip(
        victims["case_id"].tolist(), victims["forms_of_exploitation"], strict=True
    ):
        found.setdefault(case, set()).update(forms)
    return [tuple(sorted(found.get(case, ()))) for case in cases.tolist()]


def _ids(style_name: str, kind: Kind, year: int, count: int) -> list[str]:
    pattern = style_for(kind, style_name).record_id
    return [pattern.format(year=year, seq=i) for i in range(1, count + 1)]


def simulate_justice(
    victims: pd.DataFrame,
    traffickers: pd.DataFrame,
    captures: Captures,
    config: SimulationConfig,
    rng: np.random.Generator,
) -> JusticeRecords:
    """Suspect and proceeding records consistent with the victims the sources saw."""
    cfg = config.justice
    year = config.year
    last = np.datetime64(f"{year}-12-31", "D")
    first = np.datetime64(f"{year}-01-01", "D")
    police = [
        i for i, s in enumerate(config.sources) if s.organisation_type == "police"
    ]
    seen_any = captures.seen.any(axis=1)
    seen_police = (
        captures.seen[:, police].any(axis=1) if police else np.zeros(len(victims), bool)
    )
    police_date = (
        captures.date[:, police].min(axis=1)
        if police
        else np.full(len(victims), np.datetime64("NaT"), "datetime64[D]")
    )
    by_case = pd.DataFrame(
        {
            "case_id": victims["case_id"].to_numpy(),
            "seen": seen_any,
            "seen_police": seen_police,
            "police_date": police_date,
            "non_national": victims["citizenship_group"].to_numpy()
            != "reporting_country",
        }
    ).groupby("case_id", sort=True)
    cases = pd.DataFrame(
        {
            "victims": by_case.size(),
            "victims_seen": by_case["seen"].sum(),
            "seen_by_police": by_case["seen_police"].any(),
            "cross_border": by_case["non_national"].any(),
            "first_police_date": by_case["police_date"].min(),
        }
    )
    cases["forms"] = _forms_by_case(victims, cases.index)
    m = len(cases)
    p_investigate = np.where(
        cases["seen_by_police"],
        cfg.investigated_if_seen_by_police,
        cfg.investigated_otherwise,
    )
    cases["investigated"] = rng.random(m) < p_investigate
    cases["prosecuted"] = cases["investigated"] & (rng.random(m) < cfg.prosecuted_case)
    cases["tried"] = cases["prosecuted"] & (rng.random(m) < cfg.tried)
    random_day = first + rng.integers(0, 365, m).astype("timedelta64[D]")
    known = cases["first_police_date"].to_numpy(dtype="datetime64[D]")
    start = np.where(np.isnat(known), random_day, known)
    cases["investigation_start"] = start
    cases["prosecution_start"] = _dates_after(start, 20, 120, last, rng)
    cases["trial_start"] = _dates_after(
        cases["prosecution_start"].to_numpy(dtype="datetime64[D]"), 30, 150, last, rng
    )

    t = traffickers.copy()
    case_of = t["case_id"].to_numpy()
    in_case = cases.loc[case_of]
    n = len(t)
    t["suspected"] = _at_least_one(
        rng.random(n) < cfg.suspected, case_of, in_case["investigated"].to_numpy()
    )
    t["prosecuted"] = _at_least_one(
        rng.random(n) < cfg.prosecuted,
        case_of,
        t["suspected"].to_numpy() & in_case["prosecuted"].to_numpy(),
    )
    t["convicted"] = (
        t["prosecuted"].to_numpy()
        & in_case["tried"].to_numpy()
        & (rng.random(n) < cfg.convicted)
    )
    return _records(cases, t, config, rng)


def _records(
    cases: pd.DataFrame,
    t: pd.DataFrame,
    config: SimulationConfig,
    rng: np.random.Generator,
) -> JusticeRecords:
    cfg, year = config.justice, config.year
    last = np.datetime64(f"{year}-12-31", "D")
    stages = (
        (
            "investigated",
            "suspected",
            cfg.police_id,
            "police",
            "investigation",
            "investigation_start",
        ),
        (
            "prosecuted",
            "prosecuted",
            cfg.prosecution_id,
            "prosecution",
            "prosecution",
            "prosecution_start",
        ),
        ("tried", "convicted", cfg.court_id, "court", "trial", "trial_start"),
    )
    suspects: dict[str, pd.DataFrame] = {}
    proceedings: dict[str, pd.DataFrame] = {}
    suspect_truth, proceeding_truth = [], []
    for case_flag, stage, org, style, proceeding_type, start_column in stages:
        chosen = cases[cases[case_flag]].sort_values([start_column], kind="stable")
        ids = _ids(style, Kind.PROCEEDINGS, year, len(chosen))
        proceeding_of = dict(zip(chosen.index.tolist(), ids, strict=True))
        people = t[t[stage]]
        counts = people.groupby("case_id").size()
        start = chosen[start_column].to_numpy(dtype="datetime64[D]")
        ended = rng.random(len(chosen)) < (0.6 if proceeding_type != "trial" else 0.9)
        end = _dates_after(start, 30, 200, last, rng).astype(object)
        end[~ended] = None
        cross = chosen["cross_border"].to_numpy()
        trial = proceeding_type == "trial"
        proceeding = pd.DataFrame(
            {
                "source_record_id": ids,
                "proceeding_type": proceeding_type,
                "start_date": start,
                "end_date": end,
                "joint_investigation_team": _flag(rng, cross, 0.08),
                "europol_involved": _flag(rng, cross, 0.15),
                "eurojust_involved": _flag(rng, cross, 0.08),
                "suspects_count": counts.reindex(chosen.index, fill_value=0).to_numpy(),
                "victims_count": chosen["victims_seen"].to_numpy(),
                # Assets are frozen during investigation and prosecution; courts
                # confiscate them and award compensation.
                "assets_frozen_eur": _amounts(
                    rng, len(chosen), 0.0 if trial else 0.3, 20_000
                ),
                "assets_confiscated_eur": _amounts(
                    rng, len(chosen), 0.3 if trial else 0.0, 15_000
                ),
                "compensation_awarded_eur": _amounts(
                    rng, len(chosen), 0.35 if trial else 0.0, 8_000
                ),
            }
        )
        awarded = proceeding["compensation_awarded_eur"].to_numpy(dtype=float)
        proceeding["compensation_paid_eur"] = np.round(
            awarded
            * np.where(rng.random(len(chosen)) < 0.5, rng.random(len(chosen)), 0.0),
            2,
        )
        proceedings[org] = proceeding
        proceeding_truth.append(
            pd.DataFrame({"source": org, "record_id": ids, "case_id": chosen.index})
        )
        people = people.assign(
            _start=cases.loc[people["case_id"], start_column].to_numpy(
                dtype="datetime64[D]"
            )
        ).sort_values(["_start", "trafficker_id"], kind="stable")
        record_ids = _ids(style, Kind.SUSPECTS, year, len(people))
        convicted = stage == "convicted"
        sentence = np.where(
            rng.random(len(people)) < cfg.prison_share,
            "prison",
            np.where(rng.random(len(people)) < 0.7, "suspended", "fine"),
        ).astype(object)
        months = np.where(
            sentence == "prison", 12 + rng.gamma(2.0, 20.0, len(people)), np.nan
        )
        suspects[org] = pd.DataFrame(
            {
                "source_record_id": record_ids,
                "record_date": _dates_after(
                    people["_start"].to_numpy(dtype="datetime64[D]"), 0, 30, last, rng
                ),
                "stage": stage,
                "proceeding_id": [proceeding_of[c] for c in people["case_id"]],
                "sex": people["sex"].to_numpy(),
                "age": people["age"].to_numpy(),
                "citizenship": people["citizenship"].to_numpy(),
                "forms_of_exploitation": cases.loc[
                    people["case_id"], "forms"
                ].to_numpy(),
                "role": people["role"].to_numpy(),
                "knowing_use": people["knowing_use"].to_numpy(),
                "sentence_type": sentence if convicted else "not_applicable",
                "sentence_months": [
                    None if np.isnan(x) or not convicted else int(x) for x in months
                ],
            }
        )
        suspect_truth.append(
            pd.DataFrame(
                {
                    "source": org,
                    "record_id": record_ids,
                    "trafficker_id": people["trafficker_id"].to_numpy(),
                    "case_id": people["case_id"].to_numpy(),
                }
            )
        )
    return JusticeRecords(
        suspects=suspects,
        proceedings=proceedings,
        cases=cases.reset_index(),
        traffickers=t,
        suspect_truth=pd.concat(suspect_truth, ignore_index=True),
        proceeding_truth=pd.concat(proceeding_truth, ignore_index=True),
    )


def _flag(rng: np.random.Generator, eligible: np.ndarray, rate: float) -> np.ndarray:
    return np.where(eligible & (rng.random(eligible.size) < rate), "yes", "no").astype(
        object
    )


def _amounts(
    rng: np.random.Generator, n: int, share: float, median: float
) -> np.ndarray:
    has = rng.random(n) < share
    values = np.round(median * np.exp(rng.normal(0.0, 1.0, n)), -2)
    return np.where(has, values, 0.0)


__all__ = ["JusticeRecords", "simulate_justice"]
