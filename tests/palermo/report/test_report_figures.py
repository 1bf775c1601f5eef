"""Key figures: each from a published cell, each with its change from the year before."""

from __future__ import annotations

import csv
from pathlib import Path

from outputs_builder import Period

from palermo.report import key_figures, load_outputs
from palermo.report.figures import KeyFigure
from palermo.report.i18n import Lang


def _sdmx_cell(tables: Path, table_id: str, **key: str) -> str:
    """OBS_VALUE of one cell of the SDMX-CSV export (other breakdowns are totals)."""
    with (tables / "sdmx" / f"{table_id}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    dims = [
        c
        for c in ("STATUS", "SEX", "AGE", "CITIZEN", "EXPLOIT", "REG_ORG")
        if c in rows[0]
    ]
    wanted = {d: key.get(d, "_T") for d in dims}
    (row,) = [
        r
        for r in rows
        if all(r[d] == v for d, v in wanted.items())
        and r.get("TIME_PERIOD") == key.get("TIME_PERIOD", r.get("TIME_PERIOD"))
    ]
    return row["OBS_VALUE"]


def _by_id(figures: list[KeyFigure]) -> dict[str, KeyFigure]:
    return {f.id: f for f in figures}


def test_the_key_figures_come_in_reading_order(current: Period) -> None:
    figures = key_figures(load_outputs(current.directory))
    assert [f.id for f in figures] == [
        "records",
        "persons",
        "estimate",
        "children",
        "female",
        "male",
    ]


def test_persons_children_and_sexes_are_the_published_cells(current: Period) -> None:
    figures = _by_id(key_figures(load_outputs(current.directory)))
    tables = current.directory / "tables"
    assert figures["persons"].value == float(_sdmx_cell(tables, "victims_by_sex"))
    assert figures["children"].value == float(
        _sdmx_cell(tables, "victims_by_age", AGE="Y_LT18")
    )
    assert figures["female"].value == float(
        _sdmx_cell(tables, "victims_by_sex", SEX="F")
    )
    assert figures["male"].value == float(_sdmx_cell(tables, "victims_by_sex", SEX="M"))


def test_records_are_the_records_linkage_read(current: Period) -> None:
    figures = _by_id(key_figures(load_outputs(current.directory)))
    assert figures["records"].value == current.records > figures["persons"].value  # type: ignore[operator]


def test_the_change_is_from_the_previous_year_as_published(
    country: tuple[Period, Period],
) -> None:
    earlier, current = country
    figures = _by_id(key_figures(load_outputs(current.directory)))
    persons = figures["persons"]
    assert persons.previous_period == "2024"
    assert persons.previous == earlier.persons.num_rows
    assert persons.change == current.persons.num_rows - earlier.persons.num_rows
    assert figures["records"].change == current.records - earlier.records
    text = persons.change_text(Lang("en"))
    assert text.startswith("+200 (+22.2%) on 2024")


def test_without_an_earlier_year_there_is_no_change_to_show(current: Period) -> None:
    figures = _by_id(key_figures(load_outputs(current.directory, discover=False)))
    # The trend tables still publish 2024's persons; the records of 2024 are not stored.
    assert figures["persons"].previous_period == "2024"
    assert figures["records"].previous_period is None
    assert figures["records"].change_text(Lang("en")) == ""


def test_a_withheld_figure_shows_as_withheld_and_without_a_change() -> None:
    figure = KeyFigure(
        "female",
        None,
        "suppressed",
        origin=None,
        previous=561.0,
        previous_status="value",
        previous_period="2024",
    )  # type: ignore[arg-type]
    assert figure.value_text(Lang("en")) == "withheld (confidential)"
    assert figure.change is None
    assert "a figure is withheld" in figure.change_text(Lang("en"))


def test_the_estimate_carries_its_interval(current: Period) -> None:
    figure = _by_id(key_figures(load_outputs(current.directory)))["estimate"]
    assert figure.low is not None
    assert figure.high is not None
    assert figure.low < (figure.value or 0) < figure.high


def test_the_linkage_report_gives_its_accuracy_and_the_effect_of_the_threshold(
    current: Period,
) -> None:
    from palermo.report.quality import linkage_view

    inputs = load_outputs(current.directory)
    assert inputs.current.linkage is not None
    view = linkage_view(inputs.current.linkage, 5, Lang("en"))
    facts = dict(view.report_facts)
    assert facts["Precision, as the model estimates it"] == "0.985"
    assert facts["Match threshold (probability)"] == "0.920"
    assert [row[0] for row in view.thresholds] == ["0.50", "0.90", "0.92", "0.99"]
