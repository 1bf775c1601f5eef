"""The annual report of the national rapporteur: HTML and PDF, in English and French.

``load_outputs`` reads a directory of stage outputs (the published tables, linkage and
the estimate, this year and earlier years); ``build_report`` writes one self-contained
HTML file — key figures with the change from the year before, charts that respect
disclosure control, the tables as published, data quality and a methods annex
generated from the settings used — and, with WeasyPrint, the same as a PDF.

>>> from palermo.report import ReportConfig, build_report, load_outputs
>>> build_report(load_outputs("palermo-demo"), "palermo-demo/report", ReportConfig(lang="fr"))
"""

from palermo.report.build import (
    CONFIG_FILE,
    HTML_FILE,
    PDF_FILE,
    ReportConfig,
    ReportResult,
    build_report,
    render_html,
)
from palermo.report.figures import KeyFigure, Origin, key_figures
from palermo.report.i18n import LANGUAGES, Lang
from palermo.report.load import (
    PeriodOutputs,
    ReportInputs,
    discover_earlier,
    load_outputs,
    missing_stages,
    read_period,
)
from palermo.report.pdf import PdfUnavailable, is_pdf_available, write_pdf

__all__ = [
    "CONFIG_FILE",
    "HTML_FILE",
    "LANGUAGES",
    "PDF_FILE",
    "KeyFigure",
    "Lang",
    "Origin",
    "PdfUnavailable",
    "PeriodOutputs",
    "ReportConfig",
    "ReportInputs",
    "ReportResult",
    "build_report",
    "discover_earlier",
    "is_pdf_available",
    "key_figures",
    "load_outputs",
    "missing_stages",
    "read_period",
    "render_html",
    "write_pdf",
]
