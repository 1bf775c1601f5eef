"""The key figures: what a reader sees first, each with its change from the year before.

Every count comes from a published cell (or, for records and the estimate, from the
stage that produced it), and each figure says where it came from so that a test can
check it against the exported tables. A withheld cell stays withheld here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from palermo.report.i18n import Lang
from palermo.report.load import PeriodOutputs, ReportInputs
from palermo.report.published import (
    SUPPRESSED,
    TIME,
    TOTAL,
    VALUE,
    ZERO,
    Cell,
    PublishedTable,
)


@dataclass(frozen=True)
class Origin:
    """Where a figure comes from: a published cell, or another stage's output.

    Attributes:
        kind: ``table`` (a published cell), ``linkage`` or ``estimate``.
        table: the table id, for ``table``.
        key: the cell's breakdown (other dimensions are totals).
    """

    kind: str
    table: str = ""
    key: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class KeyFigure:
    """One key figure.

    Attributes:
        id: ``records``, ``persons``, ``estimate``, ``children``, ``female``, ``male``.
        value: the number (None when withheld or not available).
        status: the published state (``value``, ``zero``, ``suppressed``...).
        previous: the same figure for the previous period, when there is one.
        previous_status: its state.
        share: the figure as a percentage of the persons, where that means something.
        low, high: the interval of an estimate.
        origin: where the number comes from.
    """

    id: str
    value: float | None
    status: str
    origin: Origin
    previous: float | None = None
    previous_status: str | None = None
    previous_period: str | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_published(self) -> bool:
        """A number the reader may see."""
        return self.status in (VALUE, ZERO) and self.value is not None

    @property
    def change(self) -> float | None:
        """The change from the previous period, when both are published."""
        if (
            not self.is_published
            or self.previous is None
            or self.previous_status not in (VALUE, ZERO)
        ):
            return None
        return (self.value or 0.0) - self.previous

    @property
    def relative_change(self) -> float | None:
        """The change in percent of the previous value (None from zero)."""
        change = self.change
        if change is None or not self.previous:
            return None
        return 100.0 * change / self.previous

    def value_text(self, lang: Lang) -> str:
        """The figure as the reader sees it."""
        if self.is_published:
            return lang.integer(self.value or 0.0)
        return (
            lang.t("withheld") if self.status == SUPPRESSED else lang.t("not_available")
        )

    def change_text(self, lang: Lang) -> str:
        """``+58 (+6.4%) on 2024``, or why there is no change to show."""
        if self.previous_period is None:
            return ""
        change = self.change
        if change is None:
            if self.previous_status == SUPPRESSED or self.status == SUPPRESSED:
                return lang.t("change_withheld", period=self.previous_period)
            return lang.t("change_not_available", period=self.previous_period)
        relative = self.relative_change
        text = lang.signed(change)
        if relative is not None and math.isfinite(relative):
            text += f" ({lang.signed_percent(relative)})"
        return lang.t("change_on", change=text, period=self.previous_period)


def _published(cell: Cell | None) -> tuple[float | None, str]:
    if cell is None:
        return None, "not_available"
    return (cell.value if cell.is_published else None), cell.status


def _cell(period: PeriodOutputs | None, table_id: str, **key: str) -> Cell | None:
    if period is None:
        return None
    table = period.publication.table(table_id)
    return table.find(**key) if table is not None else None


def _trend_cell(table: PublishedTable | None, period: str, **key: str) -> Cell | None:
    if table is None:
        return None
    return table.find(**{TIME: period, **key})


def _table_figure(
    figure_id: str,
    inputs: ReportInputs,
    table_id: str,
    key: dict[str, str],
    persons: float | None,
    trend: tuple[str, dict[str, str]] | None = None,
) -> KeyFigure:
    value, status = _published(_cell(inputs.current, table_id, **key))
    previous = inputs.previous
    prev_value, prev_status = None, None
    prev_period = previous_period(inputs)
    if prev_period is not None:
        cell = None
        if trend is not None:
            trend_table = inputs.current.publication.table(trend[0])
            cell = _trend_cell(trend_table, prev_period, **trend[1])
        if cell is None and previous is not None and previous.period == prev_period:
            cell = _cell(previous, table_id, **key)
        prev_value, prev_status = _published(cell)
    share = None
    if value is not None and persons and figure_id != "persons":
        share = 100.0 * value / persons
    return KeyFigure(
        id=figure_id,
        value=value,
        status=status,
        origin=Origin("table", table_id, tuple(sorted(key.items()))),
        previous=prev_value,
        previous_status=prev_status,
        previous_period=prev_period,
        share=share,
    )


def previous_period(inputs: ReportInputs) -> str | None:
    """The period before the current one: a stored period, or one the trends publish."""
    periods = {p.period for p in inputs.earlier if p.period < inputs.current.period}
    for table_id in ("victims_trend_by_status", "victims_trend_by_sex"):
        table = inputs.current.publication.table(table_id)
        if table is not None:
            periods.update(c for c in table.codes(TIME) if c < inputs.current.period)
    return max(periods) if periods else None


def _finite(value: Any) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def key_figures(inputs: ReportInputs) -> list[KeyFigure]:
    """The key figures of the period, in reading order.

    Registered victims are the records the sources sent (linkage counts them);
    distinct persons, children and persons by sex are the published cells of
    ``victims_by_sex`` and ``victims_by_age``; the estimated total is estimation's.
    """
    current, previous = inputs.current, inputs.previous
    figures: list[KeyFigure] = []
    if current.linkage is not None:
        prev_linkage = previous.linkage if previous else None
        figures.append(
            KeyFigure(
                id="records",
                value=float(current.linkage.records),
                status=VALUE if current.linkage.records else ZERO,
                origin=Origin("linkage"),
                previous=float(prev_linkage.records) if prev_linkage else None,
                previous_status=VALUE if prev_linkage else None,
                previous_period=previous.period if previous else None,
            )
        )
    persons_cell = _cell(current, "victims_by_sex")
    persons, _ = _published(persons_cell)
    figures.append(
        _table_figure(
            "persons",
            inputs,
            "victims_by_sex",
            {},
            persons,
            trend=("victims_trend_by_status", {"STATUS": TOTAL}),
        )
    )
    if current.estimate is not None:
        result = current.estimate.result
        prev_result = (
            previous.estimate.result if previous and previous.estimate else None
        )
        estimate = _finite(result.get("estimate"))
        figures.append(
            KeyFigure(
                id="estimate",
                value=estimate,
                status=VALUE if estimate is not None else "not_available",
                origin=Origin("estimate"),
                previous=_finite(prev_result.get("estimate")) if prev_result else None,
                previous_status=VALUE if prev_result else None,
                previous_period=previous.period if previous else None,
                low=_finite(result.get("ci_low")),
                high=_finite(result.get("ci_high")),
                extra={
                    "confidence": result.get("confidence", 0.95),
                    "observed": result.get("observed"),
                },
            )
        )
    figures.append(
        _table_figure("children", inputs, "victims_by_age", {"AGE": "Y_LT18"}, persons)
    )
    for figure_id, code in (("female", "F"), ("male", "M")):
        figures.append(
            _table_figure(
                figure_id,
                inputs,
                "victims_by_sex",
                {"SEX": code},
                persons,
                trend=("victims_trend_by_sex", {"SEX": code}),
            )
        )
    return figures


__all__ = ["KeyFigure", "Origin", "key_figures", "previous_period"]
