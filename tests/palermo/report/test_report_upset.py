"""The overlap between sources: hidden combinations cannot be worked out by an attacker."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from palermo.report.i18n import Lang
from palermo.report.upset import Combination, protect_combinations, upset_chart


def _histories(
    counts: dict[tuple[int, ...], int], lists: tuple[str, ...] = ("a", "b", "c")
) -> pd.DataFrame:
    return pd.DataFrame([(*p, c) for p, c in counts.items()], columns=[*lists, "count"])


def _attack(
    counts: dict[tuple[int, ...], int], lists: list[str], columns: list[Combination]
) -> list[float]:
    """An attacker written apart from the code under test: one variable per possible
    combination; equations for the grand total, every source's total (assumed
    known) and every column shown; then the narrowest interval of each hidden,
    non-empty combination."""
    k = len(lists)
    patterns = [p for p in itertools.product((0, 1), repeat=k) if any(p)]
    shown = {
        tuple(int(s in c.lists) for s in lists): c.count
        for c in columns
        if not c.is_other
    }
    rows = [np.ones(len(patterns))]
    rhs = [float(sum(counts.values()))]
    for s in range(k):
        rows.append(np.array([float(p[s]) for p in patterns]))
        rhs.append(float(sum(c for p, c in counts.items() if p[s])))
    for pattern, count in shown.items():
        rows.append(np.array([1.0 if q == pattern else 0.0 for q in patterns]))
        rhs.append(float(count))
    widths = []
    for pattern in patterns:
        if pattern in shown or not counts.get(pattern):
            continue
        objective = np.array([1.0 if q == pattern else 0.0 for q in patterns])
        low = linprog(
            objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs"
        )
        high = linprog(
            -objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs"
        )
        widths.append((-high.fun if high.status == 0 else float("inf")) - low.fun)
    return widths


UK_LIKE = {
    (1, 0, 0): 344,
    (0, 1, 0): 162,
    (1, 1, 0): 114,
    (1, 0, 1): 3,
    (0, 0, 1): 31,
    (1, 1, 1): 40,
    (0, 1, 1): 68,
}


def test_a_combination_below_the_threshold_is_not_shown_on_its_own() -> None:
    lists, columns = protect_combinations(_histories(UK_LIKE), threshold=5)
    shown = {c.lists for c in columns if not c.is_other}
    assert ("a", "c") not in shown
    assert all(c.count >= 5 for c in columns if not c.is_other)


def test_the_columns_add_up_to_everyone_registered() -> None:
    _, columns = protect_combinations(_histories(UK_LIKE), threshold=5)
    assert sum(c.count for c in columns) == sum(UK_LIKE.values())
    assert columns[-1].is_other


def test_shown_counts_are_the_true_counts() -> None:
    lists, columns = protect_combinations(_histories(UK_LIKE), threshold=5)
    for column in columns:
        if not column.is_other:
            assert column.count == UK_LIKE[tuple(int(s in column.lists) for s in lists)]


def test_one_hidden_combination_is_never_left_alone() -> None:
    # With the total known, a lone hidden count would be the total less the rest.
    counts = {(1, 0, 0): 50, (0, 1, 0): 40, (1, 1, 0): 2}
    _, columns = protect_combinations(_histories(counts), threshold=5)
    assert sum(not c.is_other for c in columns) <= 1


def test_everything_is_shown_when_nothing_is_small() -> None:
    counts = {(1, 0, 0): 50, (0, 1, 0): 40, (1, 1, 0): 12}
    _, columns = protect_combinations(_histories(counts), threshold=5)
    assert [c.count for c in columns] == [50, 40, 12]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=7, max_size=7),
    st.integers(min_value=3, max_value=6),
)
def test_no_attacker_narrows_a_hidden_combination_below_the_protection(
    values: list[int], threshold: int
) -> None:
    patterns = [p for p in itertools.product((0, 1), repeat=3) if any(p)]
    counts = {p: v for p, v in zip(patterns, values, strict=True) if v > 0}
    lists, columns = protect_combinations(_histories(counts), threshold=threshold)
    if not any(not c.is_other for c in columns):
        return  # nothing shown on its own: only the total, which the tables publish
    assert all(width >= threshold - 1e-6 for width in _attack(counts, lists, columns))


def test_the_smallest_combinations_share_the_last_column_when_there_are_too_many() -> (
    None
):
    lists = ("a", "b", "c", "d")
    patterns = [p for p in itertools.product((0, 1), repeat=4) if any(p)]
    counts = {p: 100 + 10 * i for i, p in enumerate(patterns)}
    _, columns = protect_combinations(
        _histories(counts, lists), threshold=5, max_columns=6
    )
    assert len(columns) <= 6
    assert columns[-1].is_other
    assert sum(c.count for c in columns) == sum(counts.values())


def test_the_upset_chart_describes_every_column_in_words() -> None:
    lists, columns = protect_combinations(_histories(UK_LIKE), threshold=5)
    chart = upset_chart(
        "overlap",
        "Overlap",
        lists,
        columns,
        list_labels={"a": "Police"},
        lang=Lang("en"),
    )
    assert "1. Police: 344" in chart.alt
    assert "all other combinations" in chart.alt
    assert chart.y_label == Lang("en").t("persons_number")
    assert chart.x_label


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_upset_chart_writes_numbers_in_the_language(lang: str) -> None:
    lists, columns = protect_combinations(
        _histories({(1, 0, 0): 1344, (0, 1, 0): 162}), threshold=5
    )
    chart = upset_chart(
        "overlap", "Overlap", lists, columns, list_labels={}, lang=Lang(lang)
    )
    assert ("1\u202f344" if lang == "fr" else "1,344") in chart.alt
