"""``palermo submit``, ``palermo submissions`` and ``palermo org``: the hub from the shell.

These commands work on the hub's database (SQLite in ``PALERMO_HOME``, default
``./palermo-data``; PostgreSQL with ``DB=postgres`` or ``DATABASE_URL``), created and
migrated on first use. They import the hub (and with it Django) only when they run, so
that ``import palermo.cli`` stays free of Django: the hub depends on the core, never
the reverse, and only these command bodies reach across.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from palermo.cli._app import app, err_console, out_console
from palermo.cli._render import render_issues
from palermo.errors import InvalidSubmission
from palermo.standard import Kind

submissions_app = typer.Typer(
    help="Stored submissions in the hub.", no_args_is_help=True
)
org_app = typer.Typer(
    help="Source organisations registered in the hub.", no_args_is_help=True
)
app.add_typer(submissions_app, name="submissions")
app.add_typer(org_app, name="org")


def _open_hub() -> None:
    from palermo_web.hub import open_hub

    info = open_hub()
    if info.migrated:
        err_console.print(
            f"Hub database ready: {escape(info.database)}", highlight=False
        )


def _user() -> str:
    try:
        return os.environ.get("PALERMO_USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return ""


@app.command("submit")
def submit(
    file: Path = typer.Argument(..., help="The file: CSV, XLSX, JSON or Parquet."),
    kind: Kind = typer.Option(..., "--kind", help="Record kind."),
    org: str = typer.Option(
        ..., "--org", envvar="PALERMO_ORG", help="The submitting organisation's id."
    ),
    period: int = typer.Option(
        ..., "--period", envvar="PALERMO_PERIOD", help="Reference period (year)."
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", help="The organisation's mapping file (YAML)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Validate a file and store it in the hub as a new version of a submission.

    An invalid file is rejected whole with its validation report and nothing is
    stored. The same file again is a no-op that says so.
    """
    _open_hub()
    from palermo_web.submissions.services import submit_file

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("Reading and validating", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, description="Storing records", completed=done, total=total)

        try:
            receipt = submit_file(
                file,
                kind=kind,
                organisation_id=org,
                period=period,
                mapping=mapping,
                submitted_by=_user(),
                progress=advance,
            )
        except InvalidSubmission as error:
            bar.stop()
            if as_json:
                out_console.print_json(
                    json.dumps({"error": error.message, "issues": error.issues})
                )
            else:
                render_issues(error, err_console)
            raise
    if as_json:
        out_console.print_json(json.dumps(receipt.to_dict()))
        return
    where = f"{receipt.organisation_id} {receipt.kind} {receipt.reference_period}"
    if receipt.outcome == "unchanged":
        out_console.print(
            f"Unchanged: {escape(file.name)} is already stored as {where} "
            f"version {receipt.version}; nothing was stored.",
            highlight=False,
        )
        return
    replaced = (
        f", superseding version {receipt.superseded_version}"
        if receipt.superseded_version
        else ""
    )
    warnings = f" with {receipt.warnings} warning(s)" if receipt.warnings else ""
    key = (
        f" (encoded with the key of fingerprint {receipt.key_fingerprint})"
        if receipt.key_fingerprint
        else ""
    )
    out_console.print(
        f"Stored {receipt.row_count} records as {where} version "
        f"{receipt.version}{replaced}{warnings}{key}.",
        highlight=False,
    )


def _submission_row(submission: Any) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "organisation": submission.organisation_id,
        "kind": submission.kind,
        "period": submission.reference_period,
        "version": submission.version,
        "status": submission.status,
        "rows": submission.row_count,
        "encoded": submission.encoded,
        "file": submission.file_name,
        "checksum": submission.checksum,
        "submitted_by": submission.submitted_by,
        "submitted_at": submission.submitted_at.isoformat(timespec="seconds"),
    }


@submissions_app.command("list")
def list_command(
    period: int | None = typer.Option(None, "--period", help="Only this period."),
    org: str | None = typer.Option(None, "--org", help="Only this organisation."),
    kind: Kind | None = typer.Option(None, "--kind", help="Only this kind."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """List stored submissions, every version, current and superseded."""
    _open_hub()
    from palermo_web.submissions.services import list_submissions

    rows = [
        _submission_row(s)
        for s in list_submissions(period=period, organisation_id=org, kind=kind)
    ]
    if as_json:
        for row in rows:
            out_console.print(json.dumps(row), highlight=False, soft_wrap=True)
        return
    if not rows:
        err_console.print(
            "No submissions stored" + (f" for {period}." if period else ".")
        )
        return
    # One table per period, sized for an 80-column terminal; --json has every field
    # (file, checksum, who and when exactly).
    for year in sorted({row["period"] for row in rows}):
        table = Table(
            title=f"Reference period {year}",
            title_justify="left",
            box=None,
            pad_edge=False,
            header_style="bold underline",
        )
        table.add_column("organisation", overflow="fold")  # never cut short
        for header in ("kind", "version", "status", "records", "encoded", "submitted"):
            table.add_column(header, no_wrap=True)
        for row in rows:
            if row["period"] != year:
                continue
            table.add_row(
                escape(row["organisation"]),
                row["kind"],
                str(row["version"]),
                row["status"],
                str(row["rows"]),
                "yes" if row["encoded"] else "no",
                row["submitted_at"][:10],
            )
        out_console.print(table)


@org_app.command("add")
def org_add(
    organisation_id: str = typer.Argument(..., help="Short id, e.g. ngo-lyon."),
    name: str = typer.Option(..., "--name", help="The organisation's name."),
    org_type: str = typer.Option(
        ..., "--type", help="Organisation type: police, ngo, labour_inspectorate..."
    ),
    country: str | None = typer.Option(
        None, "--country", help="ISO 3166-1 alpha-2 code (default PALERMO_COUNTRY)."
    ),
) -> None:
    """Register a source organisation, so that it can submit records."""
    _open_hub()
    from palermo_web.organisations.services import add_organisation

    organisation = add_organisation(
        organisation_id, name=name, organisation_type=org_type, country=country
    )
    out_console.print(
        f"Added organisation {escape(organisation.pk)} "
        f"({organisation.organisation_type}).",
        highlight=False,
    )


@org_app.command("list")
def org_list() -> None:
    """List the registered organisations."""
    _open_hub()
    from palermo_web.organisations.services import list_organisations

    table = Table("id", "name", "type", "country")
    for organisation in list_organisations():
        table.add_row(
            escape(organisation.pk),
            escape(organisation.name),
            organisation.organisation_type,
            organisation.country,
        )
    out_console.print(table)
