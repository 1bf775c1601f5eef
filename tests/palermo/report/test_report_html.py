"""The HTML report: accessible, self-contained, identifying nobody, numbers as published."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import lxml.html
import pyarrow.parquet as pq
import pytest
from babel.numbers import parse_decimal
from outputs_builder import Period

from palermo.report import HTML_FILE, ReportConfig, build_report, load_outputs

# Each builds whole reports (about 10 s on a shared machine): run by `make test`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["en", "fr"])
def report(
    request: pytest.FixtureRequest,
    current: Period,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, Path, str]:
    lang = request.param
    out = tmp_path_factory.mktemp(f"report-{lang}")
    result = build_report(load_outputs(current.directory), out, ReportConfig(lang=lang))
    return lang, result.html, result.html.read_text(encoding="utf-8")


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def _sdmx_value(tables: Path, table_id: str, key: dict[str, str]) -> str:
    with (tables / "sdmx" / f"{table_id}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    breakdowns = [
        c
        for c in ("STATUS", "SEX", "AGE", "CITIZEN", "EXPLOIT", "REG_ORG")
        if c in rows[0]
    ]
    wanted = {d: key.get(d, "_T") for d in breakdowns}
    (row,) = [r for r in rows if all(r[d] == v for d, v in wanted.items())]
    return row["OBS_VALUE"]


def test_every_number_in_the_key_figures_is_the_cell_of_the_exported_tables(
    report: tuple[str, Path, str], current: Period
) -> None:
    lang, _, html = report
    locale = "fr_FR" if lang == "fr" else "en_GB"
    figures = _tree(html).xpath("//section[@id='key-figures']//li[@data-figure]")
    assert len(figures) == 6
    tables = current.directory / "tables"
    estimate = json.loads(
        (current.directory / "estimate" / "estimate.json").read_text()
    )
    for figure in figures:
        shown = figure.xpath(".//span[contains(@class, 'figure-value')]")[
            0
        ].text_content()
        number = int(parse_decimal(shown.replace("\u202f", "\u00a0"), locale=locale))
        origin = figure.get("data-origin")
        if origin == "table":
            key = dict(
                part.split("=") for part in figure.get("data-key").split(";") if part
            )
            assert number == int(
                float(_sdmx_value(tables, figure.get("data-table"), key))
            ), figure.get("data-figure")
        elif origin == "linkage":
            assert (
                number
                == pq.read_metadata(
                    current.directory / "linkage" / "record_map.parquet"
                ).num_rows
            )
        else:
            assert number == round(estimate["estimate"])


def test_the_page_declares_its_language_and_has_one_main_heading(
    report: tuple[str, Path, str],
) -> None:
    lang, _, html = report
    tree = _tree(html)
    assert tree.get("lang") == lang
    assert len(tree.xpath("//h1")) == 1
    assert (
        tree.xpath("//title")[0].text_content() == tree.xpath("//h1")[0].text_content()
    )


def test_headings_never_skip_a_level(report: tuple[str, Path, str]) -> None:
    levels = [
        int(h.tag[1]) for h in _tree(report[2]).iter("h1", "h2", "h3", "h4", "h5", "h6")
    ]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1


def test_every_chart_has_alternative_text_and_every_image_is_inline(
    report: tuple[str, Path, str],
) -> None:
    images = _tree(report[2]).xpath("//img")
    assert len(images) >= 6
    for image in images:
        assert len(image.get("alt", "")) > 40
        assert image.get("src").startswith("data:image/svg+xml;base64,")
        assert image.get("data-x-label")
        assert image.get("data-y-label")


def test_every_table_header_has_a_scope(report: tuple[str, Path, str]) -> None:
    headers = _tree(report[2]).xpath("//th")
    assert headers
    assert all(th.get("scope") in ("col", "row") for th in headers)


def test_the_report_fetches_nothing(report: tuple[str, Path, str]) -> None:
    tree = _tree(report[2])
    assert not tree.xpath("//script | //link[@rel='stylesheet'] | //iframe")
    sources = [e.get("src") for e in tree.xpath("//*[@src]")]
    assert all(s.startswith("data:") for s in sources)
    assert "@import" not in report[2]
    assert "url(http" not in report[2]


def test_no_person_or_record_identifier_appears(
    report: tuple[str, Path, str], current: Period
) -> None:
    html = report[2]
    assert "PERSON-" not in html
    record_ids = (
        pq.read_table(current.directory / "linkage" / "record_map.parquet")
        .column("record_id")
        .to_pylist()
    )
    assert not any(record_id in html for record_id in record_ids[:200])


def test_withheld_cells_are_marked_in_the_tables_not_given(
    report: tuple[str, Path, str], current: Period
) -> None:
    cells = _tree(report[2]).xpath(
        "//table[@data-table='victims_by_sex']//td[contains(@class, 'status-suppressed')]"
    )
    assert cells
    assert all(td.text_content() == "C" for td in cells)


def test_numbers_are_written_for_the_language(report: tuple[str, Path, str]) -> None:
    lang, _, html = report
    persons = _tree(html).xpath(
        "//li[@data-figure='persons']//span[contains(@class, 'figure-value')]"
    )[0]
    assert persons.text_content() == ("1\u202f100" if lang == "fr" else "1,100")


def test_the_methods_annex_states_the_settings_used(
    report: tuple[str, Path, str],
) -> None:
    annex = _tree(report[2]).xpath("//section[@id='methods']")[0].text_content()
    for setting in (
        "threshold",
        "protection",
        "publish_zeros",
        "blocking.rules",
        "stepwise",
    ):
        assert setting in annex
    # The linkage threshold of linkage_settings.json, and the trained model's weights
    # from the linkage report, but not Splink's raw model.
    assert "0.92" in annex or "0,92" in annex
    assert "family_names" in annex
    assert "output_column_name" not in annex


def test_the_report_writes_its_settings_beside_it(
    report: tuple[str, Path, str],
) -> None:
    lang, path, _ = report
    config = json.loads((path.parent / "report_config.json").read_text())
    assert config["lang"] == lang
    assert config["period"] == "2025"
    assert path.name == HTML_FILE


def test_eurostat_comparability_caveats_are_stated(
    report: tuple[str, Path, str],
) -> None:
    quality = _tree(report[2]).xpath("//section[@id='quality']")[0]
    assert len(quality.xpath(".//ul[@class='caveats']/li")) == 7
    assert any("eurostat" in a.get("href") for a in quality.xpath(".//a"))


def test_no_message_key_leaks_into_the_page(report: tuple[str, Path, str]) -> None:
    text = _tree(report[2]).text_content()
    assert not re.search(
        r"\b(chart|figure|quality|methods|setting|symbol)_[a-z_]+\b", text
    )
