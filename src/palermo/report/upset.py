"""Overlap between sources: an UpSet-style chart of capture histories, protected.

A capture history says which sources registered a person. Venn diagrams stop being
readable beyond three sources; an UpSet chart (Lex et al. 2014) shows one column per
combination of sources — a bar for the number of persons, and below it a row of dots
marking the sources in the combination.

The counts of combinations are not among the published tables, so they are protected
here by the same rule the tables follow (``tables_config.json``): a combination with
fewer persons than the threshold is not shown on its own, and further combinations are
held back until a linear program playing the attacker — who knows the published total
and, to be safe, every source's total — cannot narrow any hidden count to an interval
narrower than the protection level. Hidden combinations share one column, so the chart
does not even say which of them are empty.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from scipy.optimize import linprog

from palermo.report.chart_base import (
    STYLE,
    WIDTH,
    Chart,
    render_svg,
    title_and_legend,
    wrap,
)
from palermo.report.i18n import Lang
from palermo.report.palette import INK, PALETTE, WITHHELD

OTHER = WITHHELD  # the grey of what is not shown one by one

MAX_COLUMNS = 24
_MAX_LISTS = 10


@dataclass(frozen=True)
class Combination:
    """A column of the chart: the sources in it and its number of persons.

    ``lists`` is empty for the last column, which gathers every combination not
    shown on its own (withheld, or beyond the columns the chart can show); its
    count is the total less the columns shown, which anyone could work out.
    """

    lists: tuple[str, ...]
    count: int

    @property
    def is_other(self) -> bool:
        """The column of the remaining combinations."""
        return not self.lists


Pattern = tuple[int, ...]


def _patterns(histories: pd.DataFrame) -> tuple[list[str], dict[Pattern, int]]:
    lists = [str(c) for c in histories.columns if c != "count"]
    counts: dict[Pattern, int] = {}
    for row in histories.itertuples(index=False):
        values = tuple(int(v) for v in row)
        pattern, count = values[:-1], values[-1]
        if count > 0 and any(pattern):
            counts[pattern] = counts.get(pattern, 0) + count
    return lists, counts


def exposed(
    k: int, counts: Mapping[Pattern, int], shown: set[Pattern], protection: float
) -> list[Pattern]:
    """The hidden combinations that an attacker can narrow below ``protection``.

    The attacker sees the columns shown, the total and — to be safe, since tables by
    organisation type may publish them — every source's total; every other
    combination, including the empty ones (which the attacker cannot tell apart),
    is an unknown of at least zero. Each non-empty hidden combination's feasible
    interval is found by linear programming (HiGHS).
    """
    unknown = [
        p for p in itertools.product((0, 1), repeat=k) if any(p) and p not in shown
    ]
    if not unknown:
        return []
    rows = [np.ones(len(unknown))]
    rhs = [float(sum(c for p, c in counts.items() if p not in shown))]
    for s in range(k):
        rows.append(np.array([float(p[s]) for p in unknown]))
        rhs.append(float(sum(c for p, c in counts.items() if p[s] and p not in shown)))
    a_eq = np.array(rows)
    narrow = []
    for target in (p for p in unknown if counts.get(p, 0) > 0):
        objective = np.array([1.0 if p == target else 0.0 for p in unknown])
        low = linprog(objective, A_eq=a_eq, b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(
            -objective, A_eq=a_eq, b_eq=rhs, bounds=(0, None), method="highs"
        )
        lo = float(low.fun) if low.status == 0 else 0.0
        hi = float(-high.fun) if high.status == 0 else float("inf")
        if hi - lo < protection:
            narrow.append(target)
    return narrow


def protect_combinations(
    histories: pd.DataFrame,
    *,
    threshold: int = 5,
    protection: int | None = None,
    max_columns: int = MAX_COLUMNS,
) -> tuple[list[str], list[Combination]]:
    """The chart's columns with disclosure control applied.

    A combination gets its own column when it has at least ``threshold`` persons
    and showing it lets no hidden combination be narrowed below ``protection``;
    shown combinations are withdrawn, smallest first among those that share a source
    with an exposed one, until none is. The rest share the last column.

    Args:
        histories: one 0/1 column per source, then ``count``.
        threshold: combinations with fewer persons are not shown on their own.
        protection: the narrowest interval an attacker may be left with (the
            threshold by default).
        max_columns: the most columns the chart shows.

    Returns:
        The sources, and the columns, largest first, with the remaining
        combinations last.
    """
    protection = threshold if protection is None else protection
    lists, counts = _patterns(histories)
    k = len(lists)
    if k > _MAX_LISTS:
        raise ValueError(f"at most {_MAX_LISTS} sources can be charted, not {k}")
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    shown = {p for p in ordered[: max_columns - 1] if counts[p] >= threshold}
    if len(shown) == len(counts) - 1:
        # One hidden combination alone would be the total less the rest.
        shown.discard(min(shown, key=lambda p: (counts[p], p), default=()))
    while shown:
        narrow = exposed(k, counts, shown, protection)
        if not narrow:
            break
        target = narrow[0]
        sharing = [
            p for p in shown if any(a and b for a, b in zip(p, target, strict=True))
        ]
        shown.discard(min(sharing or shown, key=lambda p: (counts[p], p)))
    columns = [
        Combination(tuple(lists[s] for s in range(k) if p[s]), counts[p])
        for p in ordered
        if p in shown
    ]
    rest = sum(c for p, c in counts.items() if p not in shown)
    if rest:
        columns.append(Combination((), rest))
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
    """Draw the protected combinations: bars above, a dot matrix of sources below.

    The column of the remaining combinations is grey and hatched, with no dots.
    """
    n = len(columns)
    top = float(max((c.count for c in columns), default=1)) or 1.0
    names = [list_labels.get(s, s) for s in lists]
    x_label = lang.t("upset_x_label")
    y_label = lang.t("persons_number")
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 2.9 + 0.28 * len(lists)), layout="constrained")
        grid = figure.add_gridspec(2, 1, height_ratios=[2.4, 0.25 * len(lists) + 0.3])
        bars = figure.add_subplot(grid[0])
        matrix = figure.add_subplot(grid[1], sharex=bars)
        for x, column in enumerate(columns):
            other = column.is_other
            bars.bar(
                x,
                column.count,
                0.7,
                color=OTHER if other else PALETTE[0],
                hatch="///" if other else "",
                hatchcolor="#FFFFFF",
                edgecolor=INK,
                linewidth=0.6,
            )
            bars.text(
                x,
                column.count + top * 0.01,
                lang.integer(column.count),
                ha="center",
                va="bottom",
                fontsize=7.5,
            )
            members = [i for i, s in enumerate(lists) if s in column.lists]
            for i in range(len(lists)):
                if not other:
                    filled = i in members
                    matrix.plot(
                        x,
                        i,
                        "o",
                        color=INK if filled else "#D0D0D0",
                        markersize=6 if filled else 4.5,
                    )
            if len(members) > 1:
                matrix.plot(
                    [x, x], [min(members), max(members)], color=INK, linewidth=1.5
                )
            if other:
                matrix.text(
                    x, (len(lists) - 1) / 2, "…", ha="center", va="center", fontsize=12
                )
        bars.set_ylim(0, top * 1.15)
        bars.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        bars.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        bars.set_ylabel(y_label)
        bars.tick_params(axis="x", bottom=False, labelbottom=False)
        handles: list[Artist] = []
        if any(c.is_other for c in columns):
            handles.append(
                Patch(
                    facecolor=OTHER,
                    hatch="///",
                    hatchcolor="#FFFFFF",
                    edgecolor=INK,
                    linewidth=0.6,
                    label=lang.t("upset_other_key"),
                )
            )
        title_and_legend(bars, title, handles)
        matrix.set_yticks(range(len(lists)), [wrap(s, 28) for s in names])
        matrix.set_ylim(len(lists) - 0.5, -0.5)
        matrix.set_xticks(range(n), [str(i + 1) for i in range(n)], fontsize=7)
        matrix.set_xlim(-0.6, n - 0.4)
        matrix.set_xlabel(x_label)
        for side in ("left", "bottom"):
            matrix.spines[side].set_visible(False)
        matrix.tick_params(axis="y", left=False)
    svg = render_svg(figure)
    parts = []
    for i, column in enumerate(columns, start=1):
        who = (
            lang.t("upset_other")
            if column.is_other
            else lang.list([list_labels.get(s, s) for s in column.lists])
        )
        parts.append(f"{i}. {who}: {lang.integer(column.count)}")
    alt = f"{lang.t('chart_upset')}. {title}. " + "; ".join(parts) + "."
    return Chart(chart_id, title, x_label, y_label, alt, svg, note)


__all__ = ["MAX_COLUMNS", "Combination", "protect_combinations", "upset_chart"]
