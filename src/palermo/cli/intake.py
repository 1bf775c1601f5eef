"""``palermo validate``, ``palermo mapping suggest`` and ``palermo template``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from palermo.cli._app import app, err_console, out_console
from palermo.standard import Kind

# palermo.intake (pandas, DuckDB, SciPy) and the template (openpyxl) load inside the
# commands, so that `palermo --help` and every other command start at once.

_KIND = typer.Option(..., "--kind", envvar="PALERMO_KIND", help="Record kind.")
_MAPPING = typer.Option(
    None,
    "--mapping",
    envvar="PALERMO_MAPPING",
    help="YAML mapping of the source's columns and values to the standard.",
)
_LANG = typer.Option(
    "en", "--lang", envvar="PALERMO_LANG", help="Language of messages (en, fr)."
)


@app.command("validate")
def validate(
    file: Path = typer.Argument(..., help="CSV, XLSX, JSON or Parquet file."),
    kind: Kind = _KIND,
    mapping: Path | None = _MAPPING,
    as_json: bool = typer.Option(
        False, "--json", help='Print {"valid", "rows", "issues"} as JSON.'
    ),
    lang: str = _LANG,
) -> None:
    """Check a file against the standard and report every problem at once.

    Exit code 0 when the file is valid (warnings allowed), 1 when it has errors.
    """
    from palermo.cli._render import render_report
    from palermo.intake import read_records

    result = read_records(file, kind, mapping, lang=lang)
    if as_json:
        typer.echo(json.dumps(result.report.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_report(result.report, out_console, file.name)
    raise typer.Exit(0 if result.report.is_valid else 1)


@app.command("template")
def template(
    kind: Kind = _KIND,
    out: Path = typer.Option(..., "--out", help="The .xlsx file to write."),
) -> None:
    """Write an Excel template with drop-down lists and an EN/FR guide to each field."""
    from palermo.standard.template import write_template

    written = write_template(kind, out)
    err_console.print(f"wrote {written}", highlight=False)


mapping_app = typer.Typer(
    help="Mappings of a source's columns and values to the standard."
)
app.add_typer(mapping_app, name="mapping")


@mapping_app.command("suggest")
def suggest(
    file: Path = typer.Argument(..., help="A sample file from the source."),
    kind: Kind = _KIND,
    out: Path | None = typer.Option(
        None, "--out", help="Write the YAML here instead of printing it."
    ),
) -> None:
    """Propose a YAML mapping from the file's column names and values."""
    from palermo.intake import suggest_mapping

    suggestion = suggest_mapping(file, kind)
    text = suggestion.to_yaml()
    if out is None:
        typer.echo(text, nl=False)  # the notes are comments at the end of the YAML
        return
    out.write_text(text, encoding="utf-8")
    err_console.print(f"wrote {out}", highlight=False)
    for note in suggestion.notes:
        err_console.print(f"[yellow]check:[/] {note}", highlight=False)
