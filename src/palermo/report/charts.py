"""Charts of the report, drawn with Matplotlib as self-contained SVG.

Each chart is a :class:`~palermo.report.chart_base.Chart`: its title, axis labels
(with units), alternative text that says what the chart shows in words, and the SVG.
SVG text is drawn as paths, so a chart looks the same offline in a browser and in
WeasyPrint's PDF, with no font to fetch. Disclosure control is respected exactly as
the tables do it: a withheld cell is never drawn as a bar or a point; it is marked
``C`` where it would be, and the legend says what ``C`` means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from palermo.report.chart_base import (
    STYLE,
    WIDTH,
    Chart,
    Point,
    Series,
    bar_handles,
    describe,
    marker,
    render_svg,
    title_and_legend,
    withheld_handles,
    wrap,
)
from palermo.report.i18n import Lang
from palermo.report.palette import INK, WITHHELD, series_style


def _annotate(
    ax: Axes, horizontal: bool, along: float, at: float, text: str, **style: Any
) -> None:
    """Write ``text`` at ``along`` on the value axis, ``at`` on the category axis."""
    if horizontal:
        ax.text(along, at, text, va="center", ha="left", **style)
    else:
        ax.text(at, along, text, ha="center", va="bottom", **style)


def bar_figure(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str,
    category_label: str,
    lang: Lang,
    horizontal: bool = False,
) -> Figure:
    """The Matplotlib figure of :func:`bar_chart` (one bar per drawn point)."""
    n, m = len(categories), len(series)
    drawn = [p.value or 0.0 for s in series for p in s.points if p.is_drawn]
    top = max(drawn, default=1.0) or 1.0
    with rc_context(STYLE):
        height = (0.32 * n * max(1.0, 0.55 * m) + 1.4) if horizontal else 3.4
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        ax = figure.add_subplot()
        width = 0.8 / m
        for j, s in enumerate(series):
            style = series_style(j)
            for i, point in enumerate(s.points):
                centre = i - 0.4 + width * (j + 0.5)
                if not point.is_drawn:
                    # Withheld: no bar, only its symbol where the bar would start.
                    _annotate(
                        ax,
                        horizontal,
                        top * 0.01,
                        centre,
                        marker(point),
                        color=WITHHELD,
                        fontsize=9,
                        fontweight="bold",
                    )
                    continue
                value = point.value or 0.0
                bar = ax.barh if horizontal else ax.bar
                bar(
                    centre,
                    value,
                    width * 0.92,
                    color=str(style["color"]),
                    hatch=str(style["hatch"]),
                    hatchcolor=str(style["hatchcolor"]),
                    edgecolor=INK,
                    linewidth=0.6,
                )
                _annotate(
                    ax,
                    horizontal,
                    value + top * 0.01,
                    centre,
                    lang.number(value),
                    fontsize=8,
                )
        ticks = list(range(n))
        labels = [
            wrap(c, 26 if horizontal else max(8, int(70 / max(n, 1))))
            for c in categories
        ]
        value_axis, category_axis = (
            (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
        )
        category_axis.set_ticks(ticks, labels)
        category_axis.set_label_text(category_label)
        value_axis.set_label_text(value_label)
        value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        value_axis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        if horizontal:
            ax.invert_yaxis()
            ax.set_xlim(0, top * 1.14)
        else:
            ax.set_ylim(0, top * 1.14)
        points = [p for s in series for p in s.points]
        handles = (bar_handles(series) if m > 1 else []) + withheld_handles(
            points, lang
        )
        title_and_legend(ax, title, handles)
    return figure


def bar_chart(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str,
    category_label: str,
    lang: Lang,
    horizontal: bool = False,
    note: str = "",
) -> Chart:
    """Grouped bars, one group per category and one bar per series.

    Every drawn bar carries its value as text; a withheld cell gets no bar, only a
    ``C`` where the bar would start.

    Args:
        value_label: the value axis title, with its unit (``Persons (number)``).
        category_label: the category axis title.
        horizontal: bars run left to right (long category names read better).
    """
    figure = bar_figure(
        title,
        categories,
        series,
        value_label=value_label,
        category_label=category_label,
        lang=lang,
        horizontal=horizontal,
    )
    alt = describe("chart_bar", title, categories, series, lang)
    x_label, y_label = (
        (value_label, category_label) if horizontal else (category_label, value_label)
    )
    return Chart(chart_id, title, x_label, y_label, alt, render_svg(figure), note)


def line_chart(
    chart_id: str,
    title: str,
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str,
    period_label: str,
    lang: Lang,
    note: str = "",
) -> Chart:
    """Lines over the reference periods, one per series, each point labelled.

    A withheld point breaks its line and is marked ``C`` at the foot of the axis.
    """
    drawn = [p.value or 0.0 for s in series for p in s.points if p.is_drawn]
    top = max(drawn, default=1.0) or 1.0
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 3.6), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(periods)))
        for j, s in enumerate(series):
            style = series_style(j)
            ys = [
                float(p.value or 0.0) if p.is_drawn else float("nan") for p in s.points
            ]
            ax.plot(
                xs,
                ys,
                color=str(style["color"]),
                marker=str(style["marker"]),
                linestyle=style["linestyle"],  # type: ignore[arg-type]
                markeredgecolor=INK,
                markeredgewidth=0.6,
                linewidth=1.8,
                markersize=7,
                label=s.label,
            )
            for x, point in zip(xs, s.points, strict=True):
                if point.is_drawn:
                    ax.annotate(
                        lang.number(point.value or 0.0),
                        (x, point.value or 0.0),
                        textcoords="offset points",
                        xytext=(0, 7),
                        ha="center",
                        fontsize=8,
                    )
                else:
                    ax.text(
                        x + 0.04 * j,
                        top * 0.02,
                        marker(point),
                        ha="center",
                        color=WITHHELD,
                        fontsize=9,
                        fontweight="bold",
                    )
        ax.set_xticks(xs, list(periods))
        ax.set_xlim(-0.5, len(periods) - 0.5)
        ax.set_ylim(0, top * 1.18)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(period_label)
        ax.set_ylabel(value_label)
        lines = list(ax.get_legend_handles_labels()[0]) if len(series) > 1 else []
        points = [p for s in series for p in s.points]
        title_and_legend(ax, title, lines + withheld_handles(points, lang))
        svg = render_svg(figure)
    alt = describe("chart_line", title, periods, series, lang)
    return Chart(chart_id, title, period_label, value_label, alt, svg, note)


@dataclass(frozen=True)
class Interval:
    """An estimate with its interval, beside what was observed, for one period."""

    period: str
    observed: float | None
    estimate: float | None
    low: float | None
    high: float | None


def interval_chart(
    chart_id: str,
    title: str,
    intervals: Sequence[Interval],
    *,
    value_label: str,
    period_label: str,
    observed_label: str,
    estimate_label: str,
    lang: Lang,
    note: str = "",
) -> Chart:
    """The estimated total with its interval per period, and the persons observed."""
    values = [
        v
        for i in intervals
        for v in (i.observed, i.estimate, i.high)
        if v is not None and v == v and v != float("inf")
    ]
    top = max(values, default=1.0) or 1.0
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 3.6), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(intervals)))
        obs_style, est_style = series_style(0), series_style(1)
        for x, item in zip(xs, intervals, strict=True):
            if item.observed is not None:
                ax.plot(
                    x - 0.12,
                    item.observed,
                    marker=str(obs_style["marker"]),
                    color=str(obs_style["color"]),
                    markeredgecolor=INK,
                    markersize=8,
                    linestyle="none",
                )
                ax.annotate(
                    lang.integer(item.observed),
                    (x - 0.12, item.observed),
                    textcoords="offset points",
                    xytext=(-6, 0),
                    ha="right",
                    va="center",
                    fontsize=8,
                )
            if item.estimate is not None:
                low = item.low if item.low is not None else item.estimate
                high = (
                    item.high
                    if item.high is not None and item.high != float("inf")
                    else top * 1.1
                )
                ax.errorbar(
                    x + 0.12,
                    item.estimate,
                    yerr=[[item.estimate - low], [high - item.estimate]],
                    marker=str(est_style["marker"]),
                    color=str(est_style["color"]),
                    markeredgecolor=INK,
                    markersize=8,
                    capsize=6,
                    linewidth=1.8,
                )
                label = f"{lang.integer(item.estimate)}\n[{lang.integer(low)}–{lang.integer(high)}]"
                ax.annotate(
                    label,
                    (x + 0.12, item.estimate),
                    textcoords="offset points",
                    xytext=(9, 0),
                    ha="left",
                    va="center",
                    fontsize=8,
                )
        ax.set_xticks(xs, [i.period for i in intervals])
        ax.set_xlim(-0.7, len(intervals) - 0.3)
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(period_label)
        ax.set_ylabel(value_label)
        handles: list[Artist] = [
            Line2D(
                [],
                [],
                marker=str(obs_style["marker"]),
                color=str(obs_style["color"]),
                markeredgecolor=INK,
                linestyle="none",
                label=observed_label,
            ),
            Line2D(
                [],
                [],
                marker=str(est_style["marker"]),
                color=str(est_style["color"]),
                markeredgecolor=INK,
                label=estimate_label,
            ),
        ]
        title_and_legend(ax, title, handles)
        svg = render_svg(figure)
    parts = []
    for item in intervals:
        bits = []
        if item.observed is not None:
            bits.append(f"{observed_label} {lang.integer(item.observed)}")
        if item.estimate is not None:
            bits.append(
                f"{estimate_label} {lang.integer(item.estimate)} "
                f"({lang.integer(item.low or item.estimate)}–"
                f"{lang.integer(item.high) if item.high not in (None, float('inf')) else '∞'})"
            )
        parts.append(f"{item.period}: " + ", ".join(bits))
    alt = f"{lang.t('chart_interval')}. {title}. " + "; ".join(parts) + "."
    return Chart(chart_id, title, period_label, value_label, alt, svg, note)


__all__ = [
    "WIDTH",
    "Chart",
    "Interval",
    "Point",
    "Series",
    "bar_chart",
    "bar_figure",
    "interval_chart",
    "line_chart",
]
