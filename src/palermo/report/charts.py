"""Charts of the report, drawn with Matplotlib as self-contained SVG.

Each chart is a :class:`Chart`: its title, axis labels (with units), alternative text
that says what the chart shows in words, and the SVG. SVG text is drawn as paths, so a
chart looks the same offline in a browser and in WeasyPrint's PDF, with no font to
fetch. Disclosure control is respected exactly as the tables do it: a withheld cell is
never drawn as a bar or a point; it is marked ``C`` where it would be, and the chart
says what ``C`` means.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: charts are only ever written to files

from matplotlib import rc_context  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from palermo.report.i18n import Lang  # noqa: E402
from palermo.report.palette import INK, MUTED, WITHHELD, series_style  # noqa: E402
from palermo.report.published import (  # noqa: E402
    NOT_APPLICABLE_STATUS,
    NOT_AVAILABLE,
    SUPPRESSED,
    VALUE,
    ZERO,
)

WIDTH = 7.2  # inches: the text width of an A4 page with 2 cm margins, less a little
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.0,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "hatch.color": "#FFFFFF",
    "hatch.linewidth": 1.0,
    "svg.fonttype": "path",
    "svg.hashsalt": "palermo-report",
}


@dataclass(frozen=True)
class Point:
    """One value to draw, with its published state (``value``, ``suppressed``...)."""

    value: float | None
    status: str = VALUE

    @property
    def is_drawn(self) -> bool:
        """Only published numbers (values and true zeros) are drawn."""
        return self.status in (VALUE, ZERO) and self.value is not None


@dataclass(frozen=True)
class Series:
    """A named series of points, one per category."""

    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    """A rendered chart.

    Attributes:
        id: stable identifier (used as the HTML id).
        title: the title drawn on the chart.
        x_label, y_label: axis titles, with units.
        alt: alternative text: the chart's content in words.
        svg: the SVG document.
        note: a caption under the chart (source, counting rule, withheld cells).
    """

    id: str
    title: str
    x_label: str
    y_label: str
    alt: str
    svg: str
    note: str = ""

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, for an ``<img>`` that works offline."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _render(figure: Figure) -> str:
    buffer = io.StringIO()
    # No tight bounding box: every chart keeps the same width, hence the same scale.
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def point_text(point: Point, lang: Lang) -> str:
    """A point in words: its number, or why it is not shown."""
    if point.is_drawn:
        return lang.number(point.value or 0.0)
    if point.status == SUPPRESSED:
        return lang.t("withheld")
    if point.status == NOT_AVAILABLE:
        return lang.t("not_available")
    return lang.t("not_applicable")


def _marker(point: Point) -> str:
    return {SUPPRESSED: "C", NOT_AVAILABLE: ":", NOT_APPLICABLE_STATUS: "–"}.get(point.status, "")


def describe(
    kind: str, title: str, categories: Sequence[str], series: Sequence[Series], lang: Lang
) -> str:
    """Alternative text: the kind of chart, its title and every value in words."""
    parts = []
    for i, category in enumerate(categories):
        if len(series) == 1:
            parts.append(f"{category}: {point_text(series[0].points[i], lang)}")
        else:
            inner = ", ".join(f"{s.label} {point_text(s.points[i], lang)}" for s in series)
            parts.append(f"{category}: {inner}")
    return f"{lang.t(kind)}. {title}. " + "; ".join(parts) + "."


def _withheld_handles(points: Sequence[Point], lang: Lang) -> list[Artist]:
    """Legend entries for the symbols drawn instead of withheld or missing values."""
    states = {p.status for p in points}
    entries = [
        (SUPPRESSED, "C", "chart_withheld_key"),
        (NOT_AVAILABLE, ":", "chart_not_available_key"),
        (NOT_APPLICABLE_STATUS, "–", "chart_not_applicable_key"),
    ]
    return [
        Line2D([], [], linestyle="none", marker=f"${symbol}$", markersize=7, color=WITHHELD, label=lang.t(key))
        for status, symbol, key in entries
        if status in states
    ]


def _title_and_legend(ax: Axes, title: str, handles: Sequence[Artist] | None) -> None:
    """The title at the top left and, under it, the legend in one row.

    Keeping the legend above the plot (not beside it) gives every chart the same
    width, so that all are drawn at the same scale on the page.
    """
    handles = list(handles or [])
    # One row while the labels fit across the chart (about 95 characters), else two.
    width = sum(len(str(h.get_label())) + 5 for h in handles)
    rows = 1 if width <= 95 else 2
    ax.set_title(_wrap(title, 80), loc="left", pad=(12 + 14 * rows) if handles else 12)
    if handles:
        ax.legend(
            handles=handles,
            frameon=False,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=math.ceil(len(handles) / rows),
            fontsize=8.5,
            handlelength=1.6,
            columnspacing=1.4,
            borderaxespad=0.2,
        )


def _bar_handles(series: Sequence[Series]) -> list[Artist]:
    return [
        Patch(
            facecolor=str(series_style(i)["color"]),
            hatch=str(series_style(i)["hatch"]),
            hatchcolor=str(series_style(i)["hatchcolor"]),
            edgecolor=INK,
            linewidth=0.6,
            label=s.label,
        )
        for i, s in enumerate(series)
    ]


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
    n, m = len(categories), len(series)
    drawn = [p.value or 0.0 for s in series for p in s.points if p.is_drawn]
    top = max(drawn, default=1.0) or 1.0
    with rc_context(_STYLE):
        height = (0.32 * n * max(1.0, 0.55 * m) + 1.4) if horizontal else 3.4
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        ax = figure.add_subplot()
        width = 0.8 / m
        for j, s in enumerate(series):
            style = series_style(j)
            for i, point in enumerate(s.points):
                centre = i - 0.4 + width * (j + 0.5)
                if point.is_drawn:
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
                    text = lang.number(value)
                    if horizontal:
                        ax.text(value + top * 0.01, centre, text, va="center", ha="left", fontsize=8)
                    else:
                        ax.text(centre, value + top * 0.01, text, ha="center", va="bottom", fontsize=8)
                else:
                    mark = _marker(point)
                    if horizontal:
                        ax.text(top * 0.01, centre, mark, va="center", ha="left", color=WITHHELD, fontsize=9, fontweight="bold")
                    else:
                        ax.text(centre, top * 0.01, mark, ha="center", va="bottom", color=WITHHELD, fontsize=9, fontweight="bold")
        ticks = list(range(n))
        labels = [_wrap(c, 26 if horizontal else max(8, int(70 / max(n, 1)))) for c in categories]
        number_format = FuncFormatter(lambda v, _pos: lang.number(v))
        if horizontal:
            ax.set_yticks(ticks, labels)
            ax.invert_yaxis()
            ax.set_xlim(0, top * 1.14)
            ax.xaxis.set_major_formatter(number_format)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
            ax.set_xlabel(value_label)
            ax.set_ylabel(category_label)
        else:
            ax.set_xticks(ticks, labels)
            ax.set_ylim(0, top * 1.14)
            ax.yaxis.set_major_formatter(number_format)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
            ax.set_xlabel(category_label)
            ax.set_ylabel(value_label)
        points = [p for s in series for p in s.points]
        handles = (_bar_handles(series) if m > 1 else []) + _withheld_handles(points, lang)
        _title_and_legend(ax, title, handles)
        svg = _render(figure)
    alt = describe("chart_bar", title, categories, series, lang)
    x_label, y_label = (value_label, category_label) if horizontal else (category_label, value_label)
    return Chart(chart_id, title, x_label, y_label, alt, svg, note)


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
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH, 3.6), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(periods)))
        for j, s in enumerate(series):
            style = series_style(j)
            ys = [p.value if p.is_drawn else float("nan") for p in s.points]
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
                    ax.text(x + 0.04 * j, top * 0.02, _marker(point), ha="center", color=WITHHELD, fontsize=9, fontweight="bold")
        ax.set_xticks(xs, list(periods))
        ax.set_xlim(-0.5, len(periods) - 0.5)
        ax.set_ylim(0, top * 1.18)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(period_label)
        ax.set_ylabel(value_label)
        lines = list(ax.get_legend_handles_labels()[0]) if len(series) > 1 else []
        points = [p for s in series for p in s.points]
        _title_and_legend(ax, title, lines + _withheld_handles(points, lang))
        svg = _render(figure)
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
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH, 3.6), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(intervals)))
        obs_style, est_style = series_style(0), series_style(1)
        for x, item in zip(xs, intervals, strict=True):
            if item.observed is not None:
                ax.plot(x - 0.12, item.observed, marker=str(obs_style["marker"]), color=str(obs_style["color"]), markeredgecolor=INK, markersize=8, linestyle="none")
                ax.annotate(lang.integer(item.observed), (x - 0.12, item.observed), textcoords="offset points", xytext=(-6, 0), ha="right", va="center", fontsize=8)
            if item.estimate is not None:
                low = item.low if item.low is not None else item.estimate
                high = item.high if item.high is not None and item.high != float("inf") else top * 1.1
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
                ax.annotate(label, (x + 0.12, item.estimate), textcoords="offset points", xytext=(9, 0), ha="left", va="center", fontsize=8)
        ax.set_xticks(xs, [i.period for i in intervals])
        ax.set_xlim(-0.7, len(intervals) - 0.3)
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.number(v)))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(period_label)
        ax.set_ylabel(value_label)
        handles: list[Artist] = [
            Line2D([], [], marker=str(obs_style["marker"]), color=str(obs_style["color"]), markeredgecolor=INK, linestyle="none", label=observed_label),
            Line2D([], [], marker=str(est_style["marker"]), color=str(est_style["color"]), markeredgecolor=INK, label=estimate_label),
        ]
        _title_and_legend(ax, title, handles)
        svg = _render(figure)
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
    "describe",
    "interval_chart",
    "line_chart",
    "point_text",
]
