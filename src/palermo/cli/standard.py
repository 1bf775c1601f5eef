"""``palermo standard``: look at the common data standard."""

from __future__ import annotations

import typer
from rich.table import Table

from palermo.cli._app import app, out_console
from palermo.standard import Kind, fields_of

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
