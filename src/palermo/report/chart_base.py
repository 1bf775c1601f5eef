"""What every chart of the report shares: its data, its style, its legend, its SVG.

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
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: charts are only ever written to files

from matplotlib import rc_context  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

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
STYLE: dict[Any, Any] = {
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


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def render_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with rc_context(STYLE):
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


def marker(point: Point) -> str:
    return {SUPPRESSED: "C", NOT_AVAILABLE: ":", NOT_APPLICABLE_STATUS: "–"}.get(
        point.status, ""
    )


def describe(
    kind: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    lang: Lang,
) -> str:
    """Alternative text: the kind of chart, its title and every value in words."""
    parts = []
    for i, category in enumerate(categories):
        if len(series) == 1:
            parts.append(f"{category}: {point_text(series[0].points[i], lang)}")
        else:
            inner = ", ".join(
                f"{s.label} {point_text(s.points[i], lang)}" for s in series
            )
            parts.append(f"{category}: {inner}")
    return f"{lang.t(kind)}. {title}. " + "; ".join(parts) + "."


def withheld_handles(points: Sequence[Point], lang: Lang) -> list[Artist]:
    """Legend entries for the symbols drawn instead of withheld or missing values."""
    states = {p.status for p in points}
    entries = [
        (SUPPRESSED, "C", "chart_withheld_key"),
        (NOT_AVAILABLE, ":", "chart_not_available_key"),
        (NOT_APPLICABLE_STATUS, "–", "chart_not_applicable_key"),
    ]
    return [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=f"${symbol}$",
            markersize=7,
            color=WITHHELD,
            label=lang.t(key),
        )
        for status, symbol, key in entries
        if status in states
    ]


def title_and_legend(ax: Axes, title: str, handles: Sequence[Artist] | None) -> None:
    """The title at the top left and, under it, the legend in one row.

    Keeping the legend above the plot (not beside it) gives every chart the same
    width, so that all are drawn at the same scale on the page.
    """
    handles = list(handles or [])
    # One row while the labels fit across the chart (about 95 characters), else two.
    width = sum(len(str(h.get_label())) + 5 for h in handles)
    rows = 1 if width <= 95 else 2
    ax.set_title(wrap(title, 80), loc="left", pad=(12 + 14 * rows) if handles else 12)
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


def bar_handles(series: Sequence[Series]) -> list[Artist]:
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


__all__ = [
    "STYLE",
    "WIDTH",
    "Chart",
    "Point",
    "Series",
    "bar_handles",
    "describe",
    "marker",
    "point_text",
    "render_svg",
    "title_and_legend",
    "withheld_handles",
    "wrap",
]
