"""The truth of a simulated country, written apart from what the sources sent.

``truth/`` holds:

- ``records.csv``: ``source``, ``record_id``, ``person_id`` -- the true person of every
  victim record, ``record_id`` as in the source's file;
- ``population.csv``: every true victim, seen or not, with identity, covariates, the
  other spellings of their name, their latent visibility, their number of records and
  their probability of being registered by each source (``p_<source>``);
- ``capture_histories.csv``: ``person_id`` and one 0/1 ``cap_<source>`` column per source;
- ``capture_counts.csv``: the observed capture histories in the layout of multiple
  systems estimation (one 0/1 column per list, then ``count``);
- ``record_errors.csv``: ``source``, ``record_id``, ``error`` for every recording error;
- ``traffickers.csv``, ``cases.csv``, ``suspect_records.csv``,
  ``proceeding_records.csv``: the justice side.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from palermo.simulate.sources import capture_probabilities
from palermo.simulate.writers import write_table_csv

if TYPE_CHECKING:
    from palermo.simulate.country import Simulation


def _joined(values: pd.Series, separator: str) -> list[str]:
    return [separator.join(v) for v in values]


def write_truth(folder: Path, simulation: Simulation) -> None:
    """Write the truth of a simulation (see the module docstring for the files)."""
    config = simulation.config
    victims = simulation.population.victims
    truth = simulation.truth_records()
    write_table_csv(folder / "records.csv", truth)
    histories = simulation.capture_histories()
    write_table_csv(folder / "capture_histories.csv", histories)
    population = victims.drop(
        columns=["given_names_variants", "family_names_variants", "primary_form"]
    ).copy()
    population["forms_of_exploitation"] = _joined(victims["forms_of_exploitation"], ";")
    population["other_spellings"] = [
        "|".join((*g, *f))
        for g, f in zip(
            victims["given_names_variants"],
            victims["family_names_variants"],
            strict=True,
        )
    ]
    population["visibility"] = victims["visibility"].round(6)
    per_person = truth.groupby("person_id").size()
    population["n_records"] = per_person.reindex(
        victims["person_id"], fill_value=0
    ).to_numpy()
    probabilities = capture_probabilities(victims, config)
    for i, source in enumerate(config.sources):
        population[f"p_{source.organisation_id}"] = np.round(probabilities[:, i], 6)
    write_table_csv(folder / "population.csv", population)
    columns = [c for c in histories.columns if c.startswith("cap_")]
    counts = (
        histories[histories[columns].sum(axis=1) > 0]
        .groupby(columns)
        .size()
        .reset_index(name="count")
        .sort_values(columns, ascending=False, kind="stable")
    )
    counts.columns = [c.removeprefix("cap_") for c in counts.columns]
    write_table_csv(folder / "capture_counts.csv", counts)
    write_table_csv(folder / "record_errors.csv", simulation.record_errors)
    justice = simulation.justice
    traffickers = justice.traffickers.copy()
    write_table_csv(folder / "traffickers.csv", traffickers)
    cases = justice.cases.copy()
    cases["forms"] = _joined(cases["forms"], ";")
    write_table_csv(folder / "cases.csv", cases)
    write_table_csv(folder / "suspect_records.csv", justice.suspect_truth)
    write_table_csv(folder / "proceeding_records.csv", justice.proceeding_truth)


__all__ = ["write_truth"]
