"""``palermo screening``: prompt sheets and assessment against the ILO/EC indicators."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from palermo.cli._app import app, err_console, out_console
from palermo.screening import (
    PROFILE_IDS,
    ChildRule,
    ScreeningConfig,
    load_profile,
    render_sheet,
)
from palermo.screening.files import assess_file

screening_app = typer.Typer(
    help="Screen against the ILO/EC operational indicators; print prompt sheets.",
    no_args_is_help=True,
)
app.add_typer(screening_app, name="screening")

_STATUS_STYLE = {"positive": "bold green", "undetermined": "yellow", "negative": "dim"}


@screening_app.command("sheet")
def sheet(
    profile: str = typer.Option(
        "adult-labour",
        "--profile",
        envvar="PALERMO_SCREENING_PROFILE",
        help="adult-labour, child-labour (the sexual-exploitation lists are not yet transcribed).",
    ),
    lang: str = typer.Option("en", "--lang", envvar="PALERMO_LANG", help="en or fr."),
    form: str | None = typer.Option(
        None, "--form", help="A short form: border-guard or consular."
    ),
    child_rule: ChildRule | None = typer.Option(
        None, "--child-rule", help="The child combination rule to print (child lists)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write the HTML here (default: stdout)."
    ),
) -> None:
    """Write a printable, self-contained HTML prompt sheet for offline screening."""
    html = render_sheet(profile, lang, form, ScreeningConfig(child_rule=child_rule))
    if out is None:
        typer.echo(html, nl=False)
        return
    out.write_text(html, encoding="utf-8")
    err_console.print(f"wrote {out}")


@screening_app.command("assess")
def assess(
    answers: Path = typer.Argument(..., help="Answers file (YAML or JSON)."),
    profile: str | None = typer.Option(
        None, "--profile", help="Override the profile named in the file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    lang: str = typer.Option("en", "--lang", envvar="PALERMO_LANG", help="en or fr."),
) -> None:
    """Assess present/absent/unknown answers with the published decision rule."""
    result = assess_file(answers, profile)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    table = Table("dimension", "status", "rule", "present", "absent", "unknown")
    for dim in result.dimensions:
        style = _STATUS_STYLE[dim.status.value]
        table.add_row(
            dim.dimension.label(lang),
            f"[{style}]{dim.status.value}[/]",
            dim.clause or "",
            str(len(dim.present)),
            str(len(dim.absent)),
            str(len(dim.unknown)),
        )
    out_console.print(table)
    out_console.print(result.summary(lang), highlight=False)


@screening_app.command("profiles")
def profiles() -> None:
    """List the four indicator lists and whether each is transcribed."""
    table = Table("profile", "status", "indicators", "data version", "verification")
    for pid in PROFILE_IDS:
        prof = load_profile(pid)
        table.add_row(
            pid.replace("_", "-"),
            prof.status.value,
            str(len(prof.indicators)),
            prof.data_version,
            prof.verification or "",
        )
    out_console.print(table)
