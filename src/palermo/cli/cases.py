"""``palermo cases``: the hub's referral cases from the shell.

Keys for the identities (``keygen``, ``rotate-keys``), the period's statistics export
(``export``), erasure when the country's retention period ends (``purge``), and the
parts organisations play in the mechanism (``roles``). Like the other commands on
stored state, these reach the hub (and Django) only inside their bodies.
"""

from __future__ import annotations

import json

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from palermo.cli._app import app, err_console, out_console
from palermo.errors import InputError
from palermo.referral import Role

cases_app = typer.Typer(
    help="Referral cases in the hub: keys, statistics export, retention, roles.",
    no_args_is_help=True,
)
app.add_typer(cases_app, name="cases")


def _open_hub() -> None:
    from palermo.cli.hub import _open_hub as open_hub

    open_hub()


@cases_app.command("keygen")
def keygen() -> None:
    """Print a new key for case identities (put it first in PALERMO_CASE_KEYS)."""
    from palermo_web.cases.crypto import generate_key

    out_console.print(generate_key(), highlight=False)
    err_console.print(
        "Keep it outside the database: in PALERMO_CASE_KEYS or a file named by "
        "PALERMO_CASE_KEYS_FILE (newest first, comma-separated). After adding it, "
        "run `palermo cases rotate-keys`, then remove the old key."
    )


@cases_app.command("rotate-keys")
def rotate_keys() -> None:
    """Re-encrypt every stored identity under the newest key of PALERMO_CASE_KEYS."""
    _open_hub()
    from palermo_web.cases.identity import rotate_keys as rotate

    with Progress(
        TextColumn("Re-encrypting identities"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("rotate", total=None)
        done = rotate(lambda n, total: bar.update(task, completed=n, total=total))
    err_console.print(
        f"{done} identities now under the newest key; the older keys can be removed."
    )


@cases_app.command("export")
def export(
    period: int = typer.Option(
        ..., "--period", envvar="PALERMO_PERIOD", help="Reference period (year)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the receipt as JSON."),
) -> None:
    """Submit the period's cases to the statistics as the case module's records."""
    _open_hub()
    from palermo.cli.hub import _user
    from palermo_web.cases.export import export_period

    receipt = export_period(period, submitted_by=_user())
    if as_json:
        out_console.print_json(json.dumps(receipt.to_dict()))
        return
    verb = "stored as version" if receipt.outcome == "stored" else "unchanged: version"
    out_console.print(
        f"{receipt.row_count} case records of {period} from "
        f"{escape(receipt.organisation_id)} {verb} {receipt.version}",
        highlight=False,
    )


@cases_app.command("purge")
def purge(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List the cases due, erase nothing."
    ),
) -> None:
    """Erase the identities of closed cases whose retention period has ended."""
    _open_hub()
    from palermo_web.cases.nrm import country_config
    from palermo_web.cases.retention import purge as erase_due

    if not country_config().retention.is_set:
        err_console.print(
            "No retention rules in the referral configuration: nothing is erased "
            "automatically (set retention in PALERMO_REFERRAL_CONFIG)."
        )
        return
    due = erase_due(dry_run=dry_run)
    table = Table(
        "case", "erase from", title="Due for erasure" if dry_run else "Erased"
    )
    for item in due:
        table.add_row(str(item.case_id), item.erase_from.isoformat())
    out_console.print(table)


@cases_app.command("roles")
def roles(
    organisation: str = typer.Argument(..., help="The organisation's id."),
    add: list[Role] = typer.Option([], "--add", help="A part to add."),
    remove: list[Role] = typer.Option([], "--remove", help="A part to remove."),
) -> None:
    """Show or set the parts an organisation plays in the referral mechanism."""
    _open_hub()
    from palermo_web.cases.nrm import roles_of, set_roles
    from palermo_web.organisations.models import Organisation

    found = Organisation.objects.filter(pk=organisation).first()
    if found is None:
        raise InputError(f"unknown organisation {organisation!r}")
    if add or remove:
        set_roles(found, (set(roles_of(found)) | set(add)) - set(remove))
    out_console.print(
        f"{escape(found.pk)}: " + ", ".join(sorted(r.value for r in roles_of(found))),
        highlight=False,
    )
