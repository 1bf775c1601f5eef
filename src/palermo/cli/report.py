"""``palermo report``: the annual report, as HTML (and PDF), in English or French."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from palermo.cli._app import app, err_console, out_console
from palermo.errors import InputError


@app.command("report")
def report_command(
    source: Path | None = typer.Option(
        None,
        "--from",
        envvar="PALERMO_REPORT_FROM",
        help="Directory of stage outputs of the period (tables/, linkage/, estimate/).",
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        envvar="PALERMO_PERIOD",
        help="Reference period: report on the hub's latest run of it.",
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        envvar="PALERMO_REPORT_OUT",
        help="Folder for report.html (and report.pdf).",
    ),
    lang: str = typer.Option(
        "en", "--lang", envvar="PALERMO_LANG", help="Language: en or fr."
    ),
    pdf: bool = typer.Option(
        False, "--pdf", help="Also write report.pdf (needs WeasyPrint)."
    ),
    earlier: list[Path] = typer.Option(
        [],
        "--earlier",
        help="Output directory of an earlier period (repeatable); periods stored beside "
        "the reported one are found on their own.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print what was written as JSON."
    ),
) -> None:
    """Write the annual report: key figures, charts, published tables, data quality, methods.

    Over files: ``palermo report --from DIR --out REPORT``. Over the hub:
    ``palermo report --period 2025 --out REPORT`` reads the latest finished run of the
    period under PALERMO_HOME.
    """
    from palermo.pipeline import hub_run_directory, report_stage
    from palermo.report.i18n import check_language

    check_language(lang)
    if (source is None) == (period is None):
        raise InputError(
            "give either --from DIR (files) or --period YEAR (the hub), not both"
        )
    directory = source if source is not None else hub_run_directory(str(period))
    with err_console.status("Writing the report…"):
        stage = report_stage(directory, out, lang=lang, pdf=pdf, earlier=earlier)
    report = stage.details["report"]
    if as_json:
        written = {
            "period": stage.summary["period"],
            "html": str(report.html),
            "pdf": str(report.pdf) if report.pdf else None,
            "pdf_skipped": report.pdf_skipped,
            "config": str(report.config),
        }
        out_console.print_json(json.dumps(written))
        return
    out_console.print(f"report: {report.html}", highlight=False)
    if report.pdf:
        out_console.print(f"pdf: {report.pdf}", highlight=False)
    elif report.pdf_skipped:
        err_console.print(f"[yellow]no PDF:[/] {report.pdf_skipped}", highlight=False)
