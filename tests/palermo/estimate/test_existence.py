"""Existence and identifiability checks against SparseMSE's ``checkident``.

Artificial_3 is Table 2 of Chan, Silverman & Vincent (2021), built to fail: in R,

    checkident(Artificial_3, mX = 0)           # 2: all pairs, not identifiable
    checkident(Artificial_3, mX = c(1, 2))     # 1: A:B, no estimate
    checkident(Artificial_3, mX = cbind(c(1, 3), c(2, 3)))  # 0: fine
    checkallmodels(Artificial_3)               # 3 models without an estimate
    checkallmodels(Korea)                      # 2 models, the all-pairs one among them
"""

from __future__ import annotations

import numpy as np
import pytest
from mse_reference import DATASETS, histories

from palermo.estimate import (
    check_model,
    count_triples,
    models_without_estimate,
    non_overlapping_pairs,
)
from palermo.estimate.model import cells_of, pair_terms

AB, AC, BC = (0, 1), (0, 2), (1, 2)


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        ((AB, AC, BC), 2),
        ((AB,), 1),
        ((AB, AC), 1),
        ((AB, BC), 1),
        ((AC, BC), 0),
        ((AC,), 0),
        ((), 0),
    ],
)
def test_artificial_3_gives_sparsemse_codes(terms: tuple, code: int) -> None:
    assert check_model(histories("Artificial_3").counts, terms).code == code


def test_artificial_3_has_three_models_without_an_estimate() -> None:
    failing = models_without_estimate(histories("Artificial_3").counts)
    assert sorted(failing) == sorted([(AB,), (AB, AC), (AB, BC)])


def test_korea_has_two_models_without_an_estimate_the_all_pairs_one_among_them() -> (
    None
):
    failing = models_without_estimate(histories("Korea").counts)
    assert len(failing) == 2
    assert (AB, AC, BC) in failing


@pytest.mark.parametrize(
    "dataset",
    [
        d
        for d in DATASETS
        if d not in ("Artificial_3", "Korea", "NewOrl", "NewOrl_2024")
    ],
)
def test_every_other_dataset_has_an_estimate_under_every_pairwise_model(
    dataset: str,
) -> None:
    # checkallmodels(zdat): "The extended maximum likelihood estimate exists for all
    # models." (NewOrl, with 2^18 top-level models, was not run in R either.)
    assert models_without_estimate(histories(dataset).counts) == []


def test_new_orleans_has_18_of_28_pairs_that_never_overlap() -> None:
    data = histories("NewOrl")
    assert len(pair_terms(data.n_lists)) == 28
    assert len(non_overlapping_pairs(data.counts)) == 18


def test_artificial_3_has_no_triple_of_overlapping_lists() -> None:
    # count_triples(Artificial_3) == 0: the all-pairs model cannot be identified.
    assert count_triples(histories("Artificial_3").counts) == 0
    assert count_triples(histories("Western").counts) > 0


def test_non_overlapping_pairs_are_fixed_at_minus_infinity_not_refused() -> None:
    data = histories("Western")  # A:B and B:E share nobody
    check = check_model(data.counts, pair_terms(data.n_lists))
    names = {":".join(data.lists[j] for j in t) for t in check.infinite_terms}
    assert names == {"A:B", "B:E"}
    assert check.exists


def test_a_list_that_saw_nobody_leaves_no_estimate_as_in_sparsemse() -> None:
    counts = histories("Western").counts.copy()
    for index, cell in enumerate(cells_of(5)):
        if 1 in cell:  # list B now saw nobody
            counts[index] = 0
    assert not check_model(counts, ()).exists


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_quick_check_agrees_with_the_linear_program(dataset: str) -> None:
    # The null-space shortcut must give exactly the LP's answer, on the data and on
    # thinned copies with many more zero cells (as bootstrap samples have).
    data = histories(dataset)
    pairs = pair_terms(data.n_lists)
    rng = np.random.default_rng(20)
    observed = np.flatnonzero(data.counts > 0)
    for trial in range(25):
        counts = data.counts.copy()
        if trial:
            kept = observed[rng.random(observed.size) < rng.uniform(0.3, 1.0)]
            counts = np.zeros_like(data.counts)
            counts[kept] = rng.integers(1, 5, kept.size)
        size = int(rng.integers(0, len(pairs) + 1))
        chosen = rng.choice(len(pairs), size, replace=False)
        terms = tuple(pairs[i] for i in sorted(chosen))
        fast = check_model(counts, terms, method="fast").code
        assert fast == check_model(counts, terms, method="lp").code, (trial, terms)
