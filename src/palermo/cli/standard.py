"""``palermo standard``: look at the common data standard."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from palermo.cli._app import app, err_console, out_console
from palermo.errors import InputError
from palermo.standard import (
    RESERVED_CODES,
    Kind,
    codelist_ids,
    fields_of,
    load_codelist,
)
from palermo.standard.export import export_datapackage

standard_app = typer.Typer(
    help="The common data standard: fields, code lists, exports."
)
app.add_typer(standard_app, name="standard")


@standard_app.command("show")
def show(
    kind: Kind = typer.Option(Kind.VICTIMS, "--kind", help="Record kind."),
    lang: str = typer.Option("en", "--lang", help="Language of descriptions (en, fr)."),
) -> None:
    """List the fields of a record kind."""
    table = Table("field", "type", "code list", "required", "identity", "meaning")
    for field in fields_of(kind):
        table.add_row(
            field.name,
            field.type.value,
            field.codelist or "",
            "yes" if field.required else "",
            "yes" if field.identity else "",
            field.fr if lang == "fr" else field.en,
        )
    out_console.print(table)


@standard_app.command("codes")
def codes(
    list_id: str = typer.Argument(..., help="Code list id (sex, country, ...)."),
    lang: str = typer.Option("en", "--lang", help="Language of labels (en, fr)."),
) -> None:
    """List the codes of a code list, with labels and provenance."""
    if list_id not in codelist_ids():
        raise InputError(
            f"no code list {list_id!r}; lists: {', '.join(codelist_ids())}"
        )
    codelist = load_codelist(list_id)
    table = Table(
        "code", "label", "synonyms", title=f"{codelist.id} {codelist.version}"
    )
    for code in codelist.codes:
        table.add_row(code.code, code.label(lang), ", ".join(code.synonyms))
    for reserved in RESERVED_CODES:
        table.add_row(reserved, codelist.label(reserved, lang), "")
    out_console.print(table)
    out_console.print(f"source: {codelist.source}", highlight=False)


@standard_app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="Folder to write the package into."),
) -> None:
    """Write the standard as a Frictionless data package (Table Schemas, code lists)."""
    package = export_datapackage(out)
    err_console.print(f"wrote {package}", highlight=False)
