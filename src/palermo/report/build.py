"""Assemble the report and write it: one self-contained HTML file, and a PDF on request.

``build_report`` reads nothing itself: it takes the :class:`ReportInputs` that
:func:`palermo.report.load_outputs` read, draws the charts, lays out the tables and
renders the Jinja2 template into ``report.html``, with the settings it used in
``report_config.json`` beside it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from palermo import __version__
from palermo.errors import InputError
from palermo.report.figures import KeyFigure, key_figures
from palermo.report.i18n import Lang, check_language
from palermo.report.load import ReportInputs
from palermo.report.methods import methods_annex
from palermo.report.quality import caveats, completeness, linkage_view, model_view
from palermo.report.sections import build_charts
from palermo.report.tables_view import table_views
from palermo.standard import load_codelist

logger = logging.getLogger(__name__)

HTML_FILE = "report.html"
PDF_FILE = "report.pdf"
CONFIG_FILE = "report_config.json"


@dataclass(frozen=True)
class ReportConfig:
    """Settings of a report; serialised to ``report_config.json`` beside it.

    Attributes:
        lang: ``en`` or ``fr``.
        pdf: also write ``report.pdf`` (needs WeasyPrint and its system libraries).
        period: the reference period reported.
        sources: the period directories read, current first.
    """

    lang: str = "en"
    pdf: bool = False
    period: str = ""
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_language(self.lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable settings."""
        data = asdict(self)
        data["sources"] = list(self.sources)
        return data


@dataclass
class ReportResult:
    """What :func:`build_report` wrote.

    Attributes:
        html: the HTML report.
        pdf: the PDF, when asked for and WeasyPrint could write it.
        pdf_skipped: why no PDF was written although one was asked for.
        config: ``report_config.json``.
        figures: the key figures, as shown.
    """

    html: Path
    config: Path
    pdf: Path | None = None
    pdf_skipped: str | None = None
    figures: list[KeyFigure] = field(default_factory=list)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("palermo.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _figure_view(figure: KeyFigure, lang: Lang, sources: int) -> dict[str, Any]:
    detail = ""
    if figure.id == "records":
        detail = lang.t("figure_records_detail", sources=lang.integer(sources))
    elif figure.id == "persons":
        detail = lang.t("figure_persons_detail")
    elif figure.id == "estimate" and figure.is_published:
        confidence = lang.integer(100 * float(figure.extra.get("confidence", 0.95)))
        low = lang.integer(figure.low) if figure.low is not None else "–"
        high = lang.integer(figure.high) if figure.high is not None else "∞"
        detail = lang.t(
            "figure_estimate_detail", confidence=confidence, low=low, high=high
        )
    elif figure.share is not None:
        detail = lang.t("figure_share_detail", share=lang.percent(figure.share))
    origin = figure.origin
    return {
        "id": figure.id,
        "label": lang.t(f"figure_{figure.id}"),
        "value": figure.value_text(lang),
        "raw": "" if figure.value is None else repr(figure.value),
        "status": figure.status,
        "detail": detail,
        "change": figure.change_text(lang),
        "origin": origin.kind,
        "table": origin.table,
        "key": ";".join(f"{k}={v}" for k, v in origin.key),
    }


def report_context(inputs: ReportInputs, config: ReportConfig) -> dict[str, Any]:
    """Everything the template shows, in the report's language."""
    lang = Lang(config.lang)
    current = inputs.current
    country = load_codelist("country").label(current.reporting_country, lang.code)
    settings = current.tables_config
    threshold = int(settings.get("threshold", 5))
    figures = key_figures(inputs)
    sources = len(current.linkage.sources) if current.linkage else 0
    created = str(current.publication.descriptor.get("created", ""))[:10]
    return {
        "lang": lang,
        "t": lang.t,
        "title": lang.t("report_title", country=country, period=current.period),
        "country": country,
        "period": current.period,
        "created": created,
        "software": f"Palermo {__version__}",
        "threshold": threshold,
        "periods": [p.period for p in inputs.periods],
        "figures": [_figure_view(f, lang, sources) for f in figures],
        "key_figures": figures,
        "charts": build_charts(inputs, lang),
        "tables": table_views(current.publication, lang),
        "completeness": (
            completeness(current.records_path, threshold, lang)
            if current.records_path
            else None
        ),
        "linkage": linkage_view(current.linkage, threshold, lang)
        if current.linkage
        else None,
        "model": model_view(current.estimate, lang) if current.estimate else None,
        "caveats": caveats(lang),
        "methods": methods_annex(current, lang, config.to_dict()),
    }


def render_html(
    inputs: ReportInputs, config: ReportConfig
) -> tuple[str, dict[str, Any]]:
    """The report as one HTML document, and the context it was rendered from."""
    context = report_context(inputs, config)
    css = (Path(__file__).parent / "templates" / "report.css").read_text(
        encoding="utf-8"
    )
    html = _environment().get_template("report.html.j2").render(css=css, **context)
    return html, context


def build_report(
    inputs: ReportInputs, out_dir: str | Path, config: ReportConfig | None = None
) -> ReportResult:
    """Write ``report.html`` (and ``report.pdf`` when ``config.pdf``) into ``out_dir``.

    A missing WeasyPrint (or its system libraries) does not fail the report: the HTML
    is written and ``pdf_skipped`` says what to install.
    """
    config = config or ReportConfig()
    config = ReportConfig(
        lang=config.lang,
        pdf=config.pdf,
        period=inputs.current.period,
        sources=tuple(str(p.directory) for p in [inputs.current, *inputs.earlier]),
    )
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"cannot create the output directory {out}: {error}"
        ) from error
    html, context = render_html(inputs, config)
    html_path = out / HTML_FILE
    html_path.write_text(html, encoding="utf-8")
    config_path = out / CONFIG_FILE
    config_path.write_text(
        json.dumps(config.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    result = ReportResult(
        html=html_path, config=config_path, figures=context["key_figures"]
    )
    if config.pdf:
        from palermo.report.pdf import PdfUnavailable, write_pdf

        try:
            result.pdf = write_pdf(html, out / PDF_FILE, base=out)
        except PdfUnavailable as reason:
            result.pdf_skipped = str(reason)
            logger.warning("no PDF: %s", reason)
    return result


__all__ = [
    "CONFIG_FILE",
    "HTML_FILE",
    "PDF_FILE",
    "ReportConfig",
    "ReportResult",
    "build_report",
    "render_html",
    "report_context",
]
