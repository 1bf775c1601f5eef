"""Charts: titled, labelled with units, described in words, and never drawing a withheld cell."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from palermo.report.chart_base import Point, Series
from palermo.report.charts import (
    Interval,
    bar_chart,
    bar_figure,
    interval_chart,
    line_chart,
)
from palermo.report.i18n import Lang

EN = Lang("en")
SERIES = [
    Series("Child", (Point(197.0), Point(None, "suppressed"), Point(0.0, "zero"))),
    Series("Adult", (Point(298.0), Point(252.0), Point(None, "suppressed"))),
]
CATEGORIES = ["Female", "Male", "Other"]


def _bars(figure) -> list[Rectangle]:  # type: ignore[no-untyped-def]
    ax = figure.axes[0]
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_a_withheld_cell_is_never_drawn_as_a_bar() -> None:
    figure = bar_figure(
        "Persons",
        CATEGORIES,
        SERIES,
        value_label="Persons (number)",
        category_label="Sex",
        lang=EN,
    )
    heights = sorted(round(b.get_height()) for b in _bars(figure))
    # Four published numbers (a true zero is a bar of height 0); two withheld, no bar.
    assert heights == [0, 197, 252, 298]
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts.count("C") == 2


def test_horizontal_bars_never_draw_a_withheld_cell_either() -> None:
    figure = bar_figure(
        "Persons",
        CATEGORIES,
        SERIES,
        value_label="Persons (number)",
        category_label="Sex",
        lang=EN,
        horizontal=True,
    )
    assert sorted(round(b.get_width()) for b in _bars(figure)) == [0, 197, 252, 298]


def test_the_legend_says_what_the_withheld_symbol_means() -> None:
    figure = bar_figure(
        "Persons",
        CATEGORIES,
        SERIES,
        value_label="Persons (number)",
        category_label="Sex",
        lang=EN,
    )
    legend = figure.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Child", "Adult", EN.t("chart_withheld_key")]


def test_a_bar_chart_has_a_title_axis_labels_with_units_and_alternative_text() -> None:
    chart = bar_chart(
        "sex",
        "Persons by sex",
        CATEGORIES,
        SERIES,
        value_label="Persons (number)",
        category_label="Sex",
        lang=EN,
    )
    assert chart.title == "Persons by sex"
    assert (chart.x_label, chart.y_label) == ("Sex", "Persons (number)")
    assert chart.svg.lstrip().startswith("<?xml")
    assert "<svg" in chart.svg
    assert "Female: Child 197, Adult 298" in chart.alt
    assert "Male: Child withheld (confidential), Adult 252" in chart.alt


def test_the_figure_carries_its_title_and_axis_labels() -> None:
    figure = bar_figure(
        "Persons by sex",
        CATEGORIES,
        SERIES,
        value_label="Persons (number)",
        category_label="Sex",
        lang=EN,
    )
    ax = figure.axes[0]
    assert ax.get_title(loc="left") == "Persons by sex"
    assert ax.get_xlabel() == "Sex"
    assert ax.get_ylabel() == "Persons (number)"


def test_value_labels_follow_the_language() -> None:
    series = [Series("All", (Point(1234.0),))]
    figure = bar_figure(
        "T", ["A"], series, value_label="P", category_label="C", lang=Lang("fr")
    )
    assert "1\u202f234" in [t.get_text() for t in figure.axes[0].texts]


def test_a_line_chart_breaks_at_a_withheld_point_and_says_so() -> None:
    series = [Series("Female", (Point(561.0), Point(None, "suppressed"), Point(610.0)))]
    chart = line_chart(
        "trend",
        "Persons",
        ["2023", "2024", "2025"],
        series,
        value_label="Persons (number)",
        period_label="Year",
        lang=EN,
    )
    assert "2024: withheld (confidential)" in chart.alt
    assert chart.x_label == "Year"
    assert chart.y_label == "Persons (number)"


def test_the_estimate_chart_describes_each_interval() -> None:
    chart = interval_chart(
        "estimate",
        "Estimate",
        [Interval("2025", 1100.0, 1562.0, 1406.0, 1796.0)],
        value_label="Persons (number)",
        period_label="Year",
        observed_label="Registered",
        estimate_label="Estimated total",
        lang=EN,
    )
    assert "2025: Registered 1,100, Estimated total 1,562 (1,406–1,796)" in chart.alt


def test_every_chart_has_the_same_width_so_all_are_drawn_at_one_scale() -> None:
    narrow = bar_chart(
        "a",
        "T",
        ["A"],
        [Series("x", (Point(1.0),))],
        value_label="P",
        category_label="C",
        lang=EN,
    )
    wide = bar_chart(
        "b",
        "T",
        ["A very long category name that wraps"],
        SERIES[:1],
        value_label="P",
        category_label="C",
        lang=EN,
        horizontal=True,
    )
    width = 'width="518.4pt"'  # 7.2 inches
    assert width in narrow.svg
    assert width in wide.svg
