"""``palermo keys new``, ``palermo encode`` and ``palermo link``."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import typer
from rich.table import Table

from palermo.cli._app import app, err_console, is_debug, out_console
from palermo.cli._render import render_issues
from palermo.errors import InputError, InvalidSubmission
from palermo.standard import Kind

keys_app = typer.Typer(help="Linkage keys shared by source organisations.")
app.add_typer(keys_app, name="keys")


@keys_app.command("new")
def keys_new(
    out: Path = typer.Option(..., "--out", help="Where to write the new key file."),
) -> None:
    """Make a new linkage key; give it to every source, never to the hub."""
    from palermo.linkage import new_key, write_key

    key = new_key()
    write_key(key, out)
    err_console.print(
        f"Wrote linkage key {out} (fingerprint {key.fingerprint}). Share it with the "
        "source organisations only; the hub must never hold it."
    )


@app.command("encode")
def encode(
    file: Path = typer.Argument(
        ..., help="Records to encode (CSV, XLSX, JSON, Parquet)."
    ),
    kind: Kind = typer.Option(Kind.VICTIMS, "--kind", help="Record kind."),
    key: Path = typer.Option(..., "--key", help="The linkage key file."),
    mapping: Path | None = typer.Option(
        None, "--mapping", help="Mapping of the source's columns and values."
    ),
    out: Path = typer.Option(..., "--out", help="Encoded file to write (Parquet)."),
) -> None:
    """Replace identity fields by keyed encodings; no name or date leaves the source."""
    import pyarrow.parquet as pq

    from palermo.linkage import encode_records, read_key
    from palermo.linkage.files import read_standard_table

    linkage_key = read_key(key)
    try:
        with err_console.status("Reading and validating records…"):
            table = read_standard_table(file, kind, mapping)
    except InvalidSubmission as error:
        render_issues(error, err_console)
        raise
    with err_console.status(f"Encoding {table.num_rows} records…"):
        encoded = encode_records(table, linkage_key, kind=kind)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(encoded, out)
    err_console.print(
        f"Encoded {encoded.num_rows} records into {out} "
        f"(key fingerprint {linkage_key.fingerprint})."
    )


@app.command("link")
def link(
    files: list[Path] = typer.Argument(
        None,
        help="Records of the sources, one file each (none: the hub's): encoded or "
        "standard Parquet, or a source's own file with its NAME.mapping.yaml beside it.",
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        envvar="PALERMO_LINK_OUT",
        help="Directory for the outputs (over the hub: PALERMO_HOME/linkage/PERIOD).",
    ),
    mode: str | None = typer.Option(
        None,
        "--mode",
        envvar="PALERMO_LINK_MODE",
        help="encoded or plain (default: as the files are).",
    ),
    threshold: float = typer.Option(
        0.9,
        "--threshold",
        min=0.0,
        max=1.0,
        envvar="PALERMO_LINK_THRESHOLD",
        help="Match probability at which two records are one person.",
    ),
    engine: str = typer.Option(
        "duckdb", "--engine", envvar="PALERMO_LINK_ENGINE", help="duckdb or spark."
    ),
    clerical: Path | None = typer.Option(
        None, "--clerical", help="Clerical decisions (same / not_same) to apply."
    ),
    truth: Path | None = typer.Option(
        None,
        "--truth",
        help="True person of each record (a simulation's truth/records.csv): "
        "the report measures precision and recall.",
    ),
    reporting_country: str | None = typer.Option(
        None,
        "--reporting-country",
        envvar="PALERMO_COUNTRY",
        help="ISO code of the reporting country (over the hub: the hub's).",
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        envvar="PALERMO_PERIOD",
        help="Reference period, e.g. 2025; without FILES, link the hub's "
        "submissions of that period.",
    ),
    lang: str = typer.Option("en", "--lang", help="Language of the HTML report."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Link the records of several sources into persons with capture histories.

    Over files: ``palermo link FILES... --out DIR``. Over the hub:
    ``palermo link --period 2025`` links the period's current submissions.
    """
    from palermo.linkage import LinkageConfig
    from palermo.pipeline import hub_home, hub_victim_records, link_stage

    if not is_debug():
        # Our own progress lines would interleave with the summary table.
        logging.getLogger("palermo.linkage").setLevel(logging.ERROR)
    if engine not in {"duckdb", "spark"}:
        raise InputError(f"unknown engine {engine!r}; expected duckdb or spark")
    if mode not in {None, "encoded", "plain"}:
        raise InputError(f"unknown mode {mode!r}; expected encoded or plain")
    inputs: object
    if files:
        if out is None:
            raise InputError("give --out DIR for the outputs of linking files")
        inputs = files
        country = reporting_country or "unknown"
    elif period is None:
        raise InputError("give the FILES to link, or --period YEAR to link the hub's")
    else:
        with err_console.status(f"Reading the hub's records of {period}…"):
            inputs, hub_country = hub_victim_records(period)
        country = reporting_country or hub_country or "unknown"
        out = out or hub_home() / "linkage" / str(period)
    config = LinkageConfig(
        mode=mode,
        threshold=threshold,
        engine=engine,
        reporting_country=country,
        reference_period=period or "",
    )
    try:
        with err_console.status("Linking (blocking, training, scoring, clustering)…"):
            stage = link_stage(inputs, out, config, truth=truth, clerical=clerical)
    except InvalidSubmission as error:
        render_issues(error, err_console)
        raise
    result = stage.details["linkage"]
    if as_json:
        out_console.print_json(json.dumps(result.report, default=str))
        return
    summary = Table("", "")
    for name, value in stage.summary.items():
        summary.add_row(name, str(value))
    out_console.print(summary)
    err_console.print(f"Wrote persons, record map, review pairs and report to {out}.")
