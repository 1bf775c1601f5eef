"""``palermo tables``: the published tables, their exports, and the attacker's audit."""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import typer
from rich.table import Table as RichTable
from typer.core import TyperGroup

from palermo.cli._app import app, err_console, out_console


class _TablesGroup(TyperGroup):
    """``palermo tables PERSONS ...`` runs ``build``; ``palermo tables audit DIR`` audits."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


tables_app = typer.Typer(
    cls=_TablesGroup,
    help="Disaggregated tables with disclosure control; SDMX, Frictionless, Excel.",
    no_args_is_help=True,
)
app.add_typer(tables_app, name="tables")


@tables_app.command("build")
def build(
    persons: list[Path] | None = typer.Argument(
        None,
        help="persons.parquet of the reference period; more files (earlier periods) "
        "add trend tables. Without it, --period reads the hub's latest run.",
        exists=False,
    ),
    out: Path = typer.Option(
        ..., "--out", envvar="PALERMO_TABLES_OUT", help="Output directory."
    ),
    suspects: Path | None = typer.Option(
        None,
        "--suspects",
        envvar="PALERMO_SUSPECTS",
        help="Normalised suspect records.",
    ),
    proceedings: Path | None = typer.Option(
        None,
        "--proceedings",
        envvar="PALERMO_PROCEEDINGS",
        help="Normalised proceeding records.",
    ),
    population: Path | None = typer.Option(
        None,
        "--population",
        envvar="PALERMO_POPULATION",
        help="Population denominators CSV (default: EU Member States, 1 Jan 2024).",
    ),
    threshold: int = typer.Option(
        5, "--threshold", envvar="PALERMO_THRESHOLD", help="Withhold counts below this."
    ),
    protection: int | None = typer.Option(
        None,
        "--protection",
        envvar="PALERMO_PROTECTION",
        help="Width no withheld count may be narrowed below (default: the threshold).",
    ),
    margin_factor: float = typer.Option(
        10.0,
        "--margin-factor",
        envvar="PALERMO_MARGIN_FACTOR",
        help="How much more withholding a total costs than an interior cell, per "
        "dimension it totals (1: no preference).",
    ),
    suppress_zeros: bool = typer.Option(
        False,
        "--suppress-zeros",
        help="Withhold true zeros too (default: publish them).",
    ),
    method: str = typer.Option(
        "suppression",
        "--method",
        envvar="PALERMO_TABLES_METHOD",
        help="suppression (audited), or cell_key: perturb every count with "
        "consistent noise keyed by PALERMO_NOISE_KEY.",
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        # No PALERMO_PERIOD here: set for the hub commands, it would relabel files.
        help="Reference period: without PERSONS, the persons of the hub's latest "
        "run of it (and of earlier periods stored, for trends); with PERSONS, the "
        "period when the file does not say.",
    ),
    country: str | None = typer.Option(
        None, "--country", help="Reporting country, when the persons file does not say."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """Build the tables of a reference period and write the three exports.

    Over files: the first PERSONS file is the reference period described; further
    files are earlier periods and add trend tables. Over the hub:
    ``palermo tables --period 2025 --out DIR`` reads the persons of the latest
    finished run of the period under PALERMO_HOME, and of earlier periods stored.
    """
    import os

    from palermo.errors import InputError
    from palermo.pipeline import hub_persons, tables_stage
    from palermo.tables import TablesConfig

    if method not in ("suppression", "cell_key"):
        raise InputError(f"--method must be suppression or cell_key, not {method!r}")
    secret = os.environ.get("PALERMO_NOISE_KEY")
    config = TablesConfig(
        method=method,  # type: ignore[arg-type]
        threshold=threshold,
        protection=protection,
        margin_factor=margin_factor,
        publish_zeros=not suppress_zeros,
        population=str(population) if population else None,
    )
    earlier: list[Path] | dict[str, Path]
    scratch = ExitStack()
    if persons:
        # The first file is the period described; the others feed the trends.
        first, *earlier = persons
    elif period is not None:
        first, earlier = hub_persons(period)
        if suspects is None or proceedings is None:
            folder = Path(scratch.enter_context(tempfile.TemporaryDirectory()))
            hub_country, records = _hub_justice_records(period, folder)
            suspects = suspects or records.get("suspects")
            proceedings = proceedings or records.get("proceedings")
            country = country or _country_of(first) or hub_country or None
    else:
        raise InputError(
            "give the persons file of the period (persons.parquet), or --period YEAR "
            "to use the hub's latest run"
        )
    with scratch, err_console.status("Counting persons and protecting small cells…"):
        stage = tables_stage(
            first,
            out,
            earlier_persons=earlier,
            suspects_path=suspects,
            proceedings_path=proceedings,
            config=config,
            reporting_country=country,
            period=period,
            noise_secret=secret.encode("utf-8") if secret else None,
        )
    outputs = stage.details["tables"]
    suppression = outputs.result.suppression
    suppressed = suppression.summary() if suppression else []
    summary = {
        "out": str(out),
        "audit_passed": outputs.audit_passed,
        "files": {k: str(v) for k, v in outputs.paths.items()},
        "tables": suppressed,
    }
    if as_json:
        out_console.print_json(json.dumps(summary))
        return
    table = RichTable("table", "cells", "primary", "secondary")
    for row in suppressed:
        table.add_row(
            *(str(row[k]) for k in ("table", "cells", "primary", "secondary"))
        )
    out_console.print(table)
    for name, path in outputs.paths.items():
        err_console.print(f"{name}: {path}")
    verdict = "[green]passed[/]" if outputs.audit_passed else "[red]FAILED[/]"
    err_console.print(f"audit: {verdict}")


def _hub_justice_records(period: str, folder: Path) -> tuple[str, dict[str, Path]]:
    """The hub's country and its current suspect and proceeding records of ``period``.

    A finished run keeps no copy of the records, so the traffickers' tables over the
    hub are made from the records the hub holds now.
    """
    import pyarrow.parquet as pq

    from palermo.cli.hub import _open_hub
    from palermo.errors import InputError
    from palermo.standard import Kind

    if not period.isdigit():
        raise InputError(f"--period must be a year, not {period!r}")
    _open_hub()
    # Modules with models load once the hub is open.
    from palermo_web.runs.hub_data import reporting_country
    from palermo_web.submissions.services import records_for_period

    paths: dict[str, Path] = {}
    for kind in (Kind.SUSPECTS, Kind.PROCEEDINGS):
        table = records_for_period(int(period), kind)
        if table.num_rows:
            paths[kind.value] = folder / f"{kind.value}.parquet"
            pq.write_table(table, paths[kind.value])
    return reporting_country(), paths


def _country_of(persons: Path) -> str:
    """The reporting country a persons file names in its metadata, if a valid one."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(persons).metadata or {}
    except (OSError, ValueError):
        return ""  # the stage reports the unreadable file
    country = metadata.get(b"reporting_country", b"").decode("utf-8", "replace")
    return country if len(country) == 2 else ""


@tables_app.command("audit")
def audit(
    directory: Path = typer.Argument(..., help="Output directory of `palermo tables`."),
    as_json: bool = typer.Option(False, "--json", help="Print the audit as JSON."),
) -> None:
    """Play the attacker on published tables; exit 0 only if every cell is protected."""
    from palermo.tables import audit_directory

    result = audit_directory(directory)
    if as_json:
        out_console.print_json(json.dumps(result.to_dict()))
    else:
        err_console.print(
            f"{len(result.intervals)} withheld cells attacked; protection "
            f"{result.protection}; {len(result.failures)} narrowed below it"
        )
        if result.failures:
            failures = RichTable("tables", "cell", "low", "high")
            for cell in result.failures:
                failures.add_row(
                    ", ".join(cell.tables),
                    "/".join(cell.key),
                    f"{cell.low:g}",
                    f"{cell.high:g}",
                )
            out_console.print(failures)
    if not result.passed:
        raise typer.Exit(code=1)
