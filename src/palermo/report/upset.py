"""Overlap between sources: an UpSet-style chart of capture histories, protected.

A capture history says which sources registered a person. Venn diagrams stop being
readable beyond three sources; an UpSet chart (Lex et al. 2014) shows one column per
combination of sources — a bar for the number of persons, and below it a row of dots
marking the sources in the combination.

The counts of combinations are not among the published tables, so they are protected
here by the same rule the tables follow (``tables_config.json``): a combination with
fewer persons than the threshold is withheld, and further combinations are withheld
until a linear program playing the attacker — who knows the published total and, to
be safe, every source's total — cannot narrow any withheld count to an interval
narrower than the protection level.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from palermo.report.charts import (
    WIDTH,
    Chart,
    Point,
    _render,
    _title_and_legend,
    _withheld_handles,
    _wrap,
)
from palermo.report.i18n import Lang
from palermo.report.palette import INK, MUTED, PALETTE, WITHHELD
from palermo.report.published import SUPPRESSED, VALUE

MAX_COLUMNS = 24
_MAX_LISTS = 10


@dataclass(frozen=True)
class Combination:
    """A column of the chart: the sources in it and its count (None when withheld).

    ``lists`` is empty for the column that gathers the smallest combinations when
    there are more than the chart can show.
    """

    lists: tuple[str, ...]
    count: int | None
    status: str = VALUE

    @property
    def is_other(self) -> bool:
        """The column of the remaining combinations."""
        return not self.lists


def _patterns(histories: pd.DataFrame) -> tuple[list[str], dict[tuple[int, ...], int]]:
    lists = [c for c in histories.columns if c != "count"]
    counts: dict[tuple[int, ...], int] = {}
    for row in histories.itertuples(index=False):
        values = tuple(int(v) for v in row)
        pattern, count = values[:-1], values[-1]
        if count > 0 and any(pattern):
            counts[pattern] = counts.get(pattern, 0) + count
    return lists, counts


Pattern = tuple[int, ...]


def _intervals(
    k: int,
    counts: Mapping[Pattern, int],
    cells: Sequence[frozenset[Pattern]],
    withheld: set[int],
    has_tail: bool,
) -> dict[int, tuple[float, float]]:
    """The attacker's feasible interval of each withheld column.

    The attacker sees the published columns, the total and (to be safe) every
    source's total; knows that a withheld column of one combination holds at least
    one person, that the columns are shown largest first, and — when every
    combination has its own column — that the combinations not shown are empty.
    """
    total = sum(counts.values())
    sizes = [sum(c for p, c in counts.items() if p[s]) for s in range(k)]
    published = {
        next(iter(cell)): counts[next(iter(cell))]
        for i, cell in enumerate(cells)
        if i not in withheld and len(cell) == 1
    }
    shown = {p for cell in cells if len(cell) == 1 for p in cell}
    unshown = [
        p for p in itertools.product((0, 1), repeat=k) if any(p) and p not in shown
    ]
    unknown = [p for p in sorted(shown) if p not in published]
    if has_tail:
        unknown += unshown
    index = {p: i for i, p in enumerate(unknown)}
    smallest = min(published.values(), default=None)
    bounds = [
        (1.0, None) if p in shown else (0.0, None if smallest is None else float(smallest))
        for p in unknown
    ]
    rows: list[np.ndarray] = [np.ones(len(unknown))]
    rhs: list[float] = [float(total - sum(published.values()))]
    for s, size in enumerate(sizes):
        rows.append(np.array([float(p[s]) for p in unknown]))
        rhs.append(float(size - sum(c for p, c in published.items() if p[s])))
    for i, cell in enumerate(cells):
        if i not in withheld and len(cell) > 1:
            rows.append(np.array([1.0 if p in cell else 0.0 for p in unknown]))
            rhs.append(float(sum(counts.get(p, 0) for p in cell)))
    result: dict[int, tuple[float, float]] = {}
    for i in sorted(withheld):
        members = cells[i] if len(cells[i]) == 1 else frozenset(unshown)
        objective = np.array([1.0 if p in members else 0.0 for p in unknown])
        low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
        lo = float(low.fun) if low.status == 0 else 0.0
        hi = float(-high.fun) if high.status == 0 else float("inf")
        result[i] = (lo, hi)
    return result


def protect_combinations(
    histories: pd.DataFrame,
    *,
    threshold: int = 5,
    protection: int | None = None,
    max_columns: int = MAX_COLUMNS,
) -> tuple[list[str], list[Combination]]:
    """The chart's columns with disclosure control applied.

    Args:
        histories: one 0/1 column per source, then ``count``.
        threshold: combinations with fewer persons are withheld.
        protection: no withheld count may be narrowed to an interval narrower than
            this (the threshold by default).
        max_columns: beyond this, the smallest combinations share one column.

    Returns:
        The sources, and the columns largest first (withheld ones after the others,
        the column of the remaining combinations last).
    """
    protection = threshold if protection is None else protection
    lists, counts = _patterns(histories)
    k = len(lists)
    if k > _MAX_LISTS:
        raise ValueError(f"at most {_MAX_LISTS} sources can be charted, not {k}")
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    shown, tail = ordered, []
    if len(ordered) > max_columns:
        shown, tail = ordered[: max_columns - 1], ordered[max_columns - 1 :]
    cells = [frozenset({p}) for p in shown] + ([frozenset(tail)] if tail else [])

    def value(i: int) -> int:
        return sum(counts[p] for p in cells[i])

    withheld = {i for i in range(len(cells)) if value(i) < threshold}
    while withheld:
        intervals = _intervals(k, counts, cells, withheld, bool(tail))
        narrow = [i for i, (lo, hi) in intervals.items() if hi - lo < protection]
        candidates = [i for i in range(len(cells)) if i not in withheld]
        if not narrow or not candidates:
            break
        exposed = cells[narrow[0]]
        # Prefer a column that shares a source with the exposed one: it enters the
        # same source totals, so withholding it widens the exposed interval.
        sharing = [
            i
            for i in candidates
            if any(a and b for p in cells[i] for q in exposed for a, b in zip(p, q, strict=True))
        ]
        withheld.add(min(sharing or candidates, key=lambda i: (value(i), i)))

    def combination(i: int, status: str) -> Combination:
        cell = cells[i]
        if len(cell) > 1 or (tail and i == len(cells) - 1):
            lists_in: tuple[str, ...] = ()
        else:
            p = next(iter(cell))
            lists_in = tuple(lists[s] for s in range(k) if p[s])
        return Combination(lists_in, None if status == SUPPRESSED else value(i), status)

    singles = range(len(shown))
    columns = [combination(i, VALUE) for i in singles if i not in withheld]
    columns += sorted(
        (combination(i, SUPPRESSED) for i in singles if i in withheld),
        key=lambda c: (len(c.lists), c.lists),
    )
    if tail:
        last = len(cells) - 1
        columns.append(combination(last, SUPPRESSED if last in withheld else VALUE))
    return lists, columns


def upset_chart(
    chart_id: str,
    title: str,
    lists: Sequence[str],
    columns: Sequence[Combination],
    *,
    list_labels: Mapping[str, str],
    lang: Lang,
    note: str = "",
) -> Chart:
    """Draw the protected combinations: bars above, a dot matrix of sources below."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from palermo.report.charts import _STYLE

    n = len(columns)
    counts = [c.count for c in columns if c.count is not None]
    top = float(max(counts, default=1)) or 1.0
    names = [list_labels.get(s, s) for s in lists]
    x_label = lang.t("upset_x_label")
    y_label = lang.t("persons_number")
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH, 2.9 + 0.28 * len(lists)), layout="constrained")
        grid = figure.add_gridspec(2, 1, height_ratios=[2.4, 0.25 * len(lists) + 0.3])
        bars = figure.add_subplot(grid[0])
        matrix = figure.add_subplot(grid[1], sharex=bars)
        for x, column in enumerate(columns):
            if column.count is not None:
                bars.bar(x, column.count, 0.7, color=PALETTE[0], edgecolor=INK, linewidth=0.6)
                bars.text(x, column.count + top * 0.01, lang.integer(column.count), ha="center", va="bottom", fontsize=7.5)
            else:
                bars.text(x, top * 0.01, "C", ha="center", va="bottom", color=WITHHELD, fontsize=9, fontweight="bold")
            members = [i for i, s in enumerate(lists) if s in column.lists]
            for i in range(len(lists)):
                filled = i in members
                matrix.plot(x, i, "o", color=INK if filled else "#D0D0D0", markersize=6 if filled else 4.5)
            if len(members) > 1:
                matrix.plot([x, x], [min(members), max(members)], color=INK, linewidth=1.5)
            if column.is_other:
                matrix.text(x, (len(lists) - 1) / 2, "…", ha="center", va="center", fontsize=12)
        bars.set_ylim(0, top * 1.15)
        bars.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        bars.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        bars.set_ylabel(y_label)
        bars.tick_params(axis="x", bottom=False, labelbottom=False)
        withheld = _withheld_handles([Point(None, c.status) for c in columns], lang)
        _title_and_legend(bars, title, withheld)
        matrix.set_yticks(range(len(lists)), [_wrap(s, 28) for s in names])
        matrix.set_ylim(len(lists) - 0.5, -0.5)
        matrix.set_xticks(range(n), [str(i + 1) for i in range(n)], fontsize=7)
        matrix.set_xlim(-0.6, n - 0.4)
        matrix.set_xlabel(x_label)
        for side in ("left", "bottom"):
            matrix.spines[side].set_visible(False)
        matrix.tick_params(axis="y", left=False)
        svg = _render(figure)
    parts = []
    for i, column in enumerate(columns, start=1):
        who = (
            lang.t("upset_other")
            if column.is_other
            else lang.list([list_labels.get(s, s) for s in column.lists])
        )
        value = lang.integer(column.count) if column.count is not None else lang.t("withheld")
        parts.append(f"{i}. {who}: {value}")
    alt = f"{lang.t('chart_upset')}. {title}. " + "; ".join(parts) + "."
    return Chart(chart_id, title, x_label, y_label, alt, svg, note)


__all__ = ["MAX_COLUMNS", "Combination", "protect_combinations", "upset_chart"]
