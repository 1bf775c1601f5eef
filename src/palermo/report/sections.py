"""The charts of the report, each drawn from a published table.

Every chart reads the cells as ``palermo tables`` published them, with their states:
a withheld cell is handed to the chart as withheld and never drawn. The two charts
whose counts no table publishes — top citizenships and the overlap between sources —
apply the same disclosure rule themselves (see :mod:`palermo.report.upset` and
:func:`top_citizenships`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from palermo.report.charts import (
    Chart,
    Interval,
    Point,
    Series,
    bar_chart,
    interval_chart,
    line_chart,
)
from palermo.report.i18n import Lang
from palermo.report.load import PeriodOutputs, ReportInputs, citizenship_counts
from palermo.report.published import (
    TIME,
    TOTAL,
    VALUE,
    Cell,
    Publication,
    PublishedTable,
)
from palermo.report.upset import protect_combinations, upset_chart
from palermo.standard import citizenship_group, load_codelist

TOP_CITIZENSHIPS = 10
_GROUP_CODES = {
    "reporting_country": "NAT",
    "other_eu": "EU27_2020_FOR",
    "non_eu": "NEU27_2020_FOR",
}


@dataclass(frozen=True)
class Skipped:
    """A chart that could not be drawn, and why (shown in its place)."""

    id: str
    title: str
    reason: str


def _point(cell: Cell | None) -> Point:
    if cell is None:
        return Point(None, "not_available")
    return Point(cell.value, cell.status)


def _source_note(table: PublishedTable, lang: Lang) -> str:
    note = lang.t("source_table", title=table.title(lang.code), id=table.id)
    counting = table.counting(lang.code)
    return f"{note} {counting}".strip()


def _categories(table: PublishedTable, dim: str) -> list[str]:
    return [c for c in table.codes(dim) if c != TOTAL]


def _grouped(
    pub: Publication,
    table: PublishedTable,
    row_dim: str,
    series_dim: str,
    series_codes: Sequence[str],
    lang: Lang,
) -> tuple[list[str], list[Series]]:
    rows = _categories(table, row_dim)
    series = [
        Series(
            pub.label(table, series_dim, code, lang.code),
            tuple(_point(table.find(**{row_dim: r, series_dim: code})) for r in rows),
        )
        for code in series_codes
    ]
    return [pub.label(table, row_dim, r, lang.code) for r in rows], series


def sex_age_chart(period: PeriodOutputs, lang: Lang) -> Chart | Skipped:
    """Persons by sex, one bar per age group."""
    pub = period.publication
    title = lang.t("chart_sex_age_title", period=period.period)
    table = pub.table("victims_by_sex_age")
    if table is None:
        return Skipped(
            "sex-age", title, lang.t("table_missing", id="victims_by_sex_age")
        )
    ages = _categories(table, "AGE")
    categories, series = _grouped(pub, table, "SEX", "AGE", ages, lang)
    return bar_chart(
        "sex-age",
        title,
        categories,
        series,
        value_label=lang.t("persons_number"),
        category_label=lang.t("axis_sex"),
        lang=lang,
        note=_source_note(table, lang),
    )


def _single(
    chart_id: str,
    title: str,
    pub: Publication,
    table_id: str,
    dim: str,
    category_label: str,
    lang: Lang,
    by_status: bool = False,
) -> Chart | Skipped:
    table = pub.table(table_id)
    if table is None:
        return Skipped(chart_id, title, lang.t("table_missing", id=table_id))
    if by_status and "STATUS" in table.dims:
        statuses = _categories(table, "STATUS")
        categories, series = _grouped(pub, table, dim, "STATUS", statuses, lang)
    else:
        codes = _categories(table, dim)
        categories = [pub.label(table, dim, c, lang.code) for c in codes]
        series = [
            Series(
                lang.t("persons"), tuple(_point(table.find(**{dim: c})) for c in codes)
            )
        ]
    return bar_chart(
        chart_id,
        title,
        categories,
        series,
        value_label=lang.t("persons_number"),
        category_label=category_label,
        lang=lang,
        horizontal=True,
        note=_source_note(table, lang),
    )


def citizenship_chart(period: PeriodOutputs, lang: Lang) -> Chart | Skipped:
    """Persons by citizenship group (reporting country, other EU, non-EU, unknown)."""
    return _single(
        "citizenship-group",
        lang.t("chart_citizenship_title", period=period.period),
        period.publication,
        "victims_by_citizenship",
        "CITIZEN",
        lang.t("axis_citizenship_group"),
        lang,
    )


def forms_chart(period: PeriodOutputs, lang: Lang) -> Chart | Skipped:
    """Persons by form of exploitation, identified and presumed."""
    return _single(
        "forms",
        lang.t("chart_forms_title", period=period.period),
        period.publication,
        "victims_by_form",
        "EXPLOIT",
        lang.t("axis_form"),
        lang,
        by_status=True,
    )


def top_citizenships(
    period: PeriodOutputs, threshold: int, n: int = TOP_CITIZENSHIPS
) -> list[tuple[str, int]]:
    """The most frequent citizenships that can be shown without exposing anyone.

    A citizenship is shown when at least ``threshold`` persons hold it and the
    published count of its group (reporting country, other EU, non-EU) is itself a
    published value: a citizenship count inside a withheld group would narrow what
    the tables withhold.
    """
    if period.linkage is None or period.linkage.persons_path is None:
        return []
    groups = period.publication.table("victims_by_citizenship")
    if groups is None:
        return []
    country = period.reporting_country
    counts = citizenship_counts(period.linkage.persons_path)
    shown = []
    for code, count in counts.items():
        group = _GROUP_CODES.get(citizenship_group(code, country))
        if group is None or count < threshold:
            continue
        cell = groups.find(CITIZEN=group)
        if cell is None or cell.status != VALUE:
            continue
        shown.append((code, count))
    return sorted(shown, key=lambda item: (-item[1], item[0]))[:n]


def top_citizenships_chart(
    period: PeriodOutputs, threshold: int, lang: Lang
) -> Chart | Skipped:
    """The top citizenships as horizontal bars."""
    title = lang.t("chart_top_citizenships_title", period=period.period)
    if period.linkage is None or period.linkage.persons_path is None:
        return Skipped("top-citizenships", title, lang.t("top_citizenships_no_persons"))
    top = top_citizenships(period, threshold)
    if not top:
        return Skipped(
            "top-citizenships",
            title,
            lang.t("top_citizenships_none", threshold=threshold),
        )
    countries = load_codelist("country")
    categories = [countries.label(code, lang.code) for code, _ in top]
    series = [Series(lang.t("persons"), tuple(Point(float(c)) for _, c in top))]
    return bar_chart(
        "top-citizenships",
        title,
        categories,
        series,
        value_label=lang.t("persons_number"),
        category_label=lang.t("axis_citizenship"),
        lang=lang,
        horizontal=True,
        note=lang.t("top_citizenships_note", threshold=threshold),
    )


def overlap_chart(
    period: PeriodOutputs, threshold: int, protection: int, lang: Lang
) -> Chart | Skipped:
    """The overlap between sources (UpSet), withheld where the tables would withhold."""
    title = lang.t("chart_overlap_title", period=period.period)
    estimate = period.estimate
    if estimate is None or estimate.histories is None:
        return Skipped("overlap", title, lang.t("overlap_none"))
    lists, columns = protect_combinations(
        estimate.histories, threshold=threshold, protection=protection
    )
    if not any(not c.is_other for c in columns):
        return Skipped("overlap", title, lang.t("overlap_hidden"))
    return upset_chart(
        "overlap",
        title,
        lists,
        columns,
        list_labels={s: s for s in lists},
        lang=lang,
        note=lang.t("overlap_note", threshold=threshold, protection=protection),
    )


def _trend_from_periods(
    inputs: ReportInputs, lang: Lang
) -> tuple[list[str], list[Series]]:
    periods = inputs.periods
    codes = ("_T", "IDENT", "PRES")
    series = []
    for code in codes:
        points = []
        for period in periods:
            table = period.publication.table("victims_by_sex")
            points.append(_point(table.find(STATUS=code) if table else None))
        label = lang.t("all_persons") if code == TOTAL else lang.t(f"status_{code}")
        series.append(Series(label, tuple(points)))
    return [p.period for p in periods], series


def trend_chart(inputs: ReportInputs, lang: Lang) -> Chart | Skipped:
    """Registered persons over the stored periods, in total and by status."""
    title = lang.t("chart_trend_title")
    pub = inputs.current.publication
    table = pub.table("victims_trend_by_status")
    if table is not None and len(table.codes(TIME)) > 1:
        periods = table.codes(TIME)
        statuses = [TOTAL, *(c for c in table.codes("STATUS") if c != TOTAL)]
        series = [
            Series(
                lang.t("all_persons")
                if code == TOTAL
                else pub.label(table, "STATUS", code, lang.code),
                tuple(_point(table.find(**{TIME: p, "STATUS": code})) for p in periods),
            )
            for code in statuses
        ]
        note = _source_note(table, lang)
    elif len(inputs.periods) > 1:
        periods, series = _trend_from_periods(inputs, lang)
        note = lang.t("trend_from_periods")
    else:
        return Skipped("trend", title, lang.t("trend_one_period"))
    return line_chart(
        "trend",
        title,
        periods,
        series,
        value_label=lang.t("persons_number"),
        period_label=lang.t("axis_period"),
        lang=lang,
        note=note,
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value == value else None


def estimate_chart(inputs: ReportInputs, lang: Lang) -> Chart | Skipped:
    """The estimated total with its interval, beside the persons registered, per period."""
    title = lang.t("chart_estimate_title")
    intervals = []
    for period in inputs.periods:
        if period.estimate is None:
            continue
        result = period.estimate.result
        table = period.publication.table("victims_by_sex")
        cell = table.find() if table else None
        intervals.append(
            Interval(
                period.period,
                cell.value if cell is not None and cell.is_published else None,
                _number(result.get("estimate")),
                _number(result.get("ci_low")),
                _number(result.get("ci_high"))
                if result.get("ci_high") is not None
                else float("inf"),
            )
        )
    if not intervals:
        return Skipped("estimate", title, lang.t("estimate_none"))
    confidence = (
        inputs.current.estimate.result.get("confidence", 0.95)
        if inputs.current.estimate
        else 0.95
    )
    return interval_chart(
        "estimate",
        title,
        intervals,
        value_label=lang.t("persons_number"),
        period_label=lang.t("axis_period"),
        observed_label=lang.t("persons_registered"),
        estimate_label=lang.t(
            "estimate_with_interval", confidence=lang.integer(100 * float(confidence))
        ),
        lang=lang,
        note=lang.t("estimate_note"),
    )


def traffickers_chart(period: PeriodOutputs, lang: Lang) -> Chart | Skipped:
    """Traffickers through the criminal-justice stages, in total and by sex."""
    title = lang.t("chart_traffickers_title", period=period.period)
    pub = period.publication
    table = pub.table("traffickers_by_sex")
    if table is None:
        return Skipped("traffickers", title, lang.t("traffickers_none"))
    stages = [c for c in ("SUSP", "PROS", "CONV") if c in table.codes("LEG_STAT")]
    sexes = [TOTAL, *(c for c in table.codes("SEX") if c in ("F", "M"))]
    categories = [
        f"{i}. {pub.label(table, 'LEG_STAT', s, lang.code)}"
        for i, s in enumerate(stages, 1)
    ]
    series = [
        Series(
            lang.t("all_persons")
            if sex == TOTAL
            else pub.label(table, "SEX", sex, lang.code),
            tuple(_point(table.find(LEG_STAT=s, SEX=sex)) for s in stages),
        )
        for sex in sexes
    ]
    return bar_chart(
        "traffickers",
        title,
        categories,
        series,
        value_label=lang.t("persons_number"),
        category_label=lang.t("axis_stage"),
        lang=lang,
        note=_source_note(table, lang),
    )


def build_charts(inputs: ReportInputs, lang: Lang) -> list[Chart | Skipped]:
    """Every chart of the report, in reading order."""
    current = inputs.current
    settings = current.tables_config
    threshold = int(settings.get("threshold", 5))
    protection = int(settings.get("protection") or threshold)
    return [
        sex_age_chart(current, lang),
        citizenship_chart(current, lang),
        top_citizenships_chart(current, threshold, lang),
        forms_chart(current, lang),
        overlap_chart(current, threshold, protection, lang),
        trend_chart(inputs, lang),
        estimate_chart(inputs, lang),
        traffickers_chart(current, lang),
    ]


__all__ = [
    "TOP_CITIZENSHIPS",
    "Skipped",
    "build_charts",
    "citizenship_chart",
    "estimate_chart",
    "forms_chart",
    "overlap_chart",
    "sex_age_chart",
    "top_citizenships",
    "top_citizenships_chart",
    "traffickers_chart",
    "trend_chart",
]
