"""``palermo keys new``, ``palermo encode`` and ``palermo link``."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import typer
from rich.table import Table

from palermo.cli._app import app, err_console, is_debug, out_console
from palermo.errors import InputError
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
    with err_console.status("Reading and validating records…"):
        table = read_standard_table(file, kind, mapping)
    with err_console.status(f"Encoding {table.num_rows} records…"):
        encoded = encode_records(table, linkage_key, kind=kind)
    pq.write_table(encoded, out)
    err_console.print(
        f"Encoded {encoded.num_rows} records into {out} "
        f"(key fingerprint {linkage_key.fingerprint})."
    )


@app.command("link")
def link(
    files: list[Path] = typer.Argument(
        ..., help="Records of the sources, one file each."
    ),
    out: Path = typer.Option(..., "--out", help="Directory for the outputs."),
    mode: str | None = typer.Option(
        None, "--mode", help="encoded or plain (default: as the files are)."
    ),
    threshold: float = typer.Option(
        0.9, "--threshold", min=0.0, max=1.0, help="Match probability for one person."
    ),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb or spark."),
    clerical: Path | None = typer.Option(
        None, "--clerical", help="Clerical decisions (same / not_same) to apply."
    ),
    reporting_country: str = typer.Option(
        "unknown", "--reporting-country", help="ISO code of the reporting country."
    ),
    period: str = typer.Option("", "--period", help="Reference period, e.g. 2025."),
    lang: str = typer.Option("en", "--lang", help="Language of the HTML report."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Link the records of several sources into persons with capture histories."""
    from palermo.linkage import (
        ClericalDecisions,
        LinkageConfig,
        link_records,
        write_outputs,
    )
    from palermo.linkage.files import read_link_input

    if not is_debug():
        # Splink narrates every training step; keep the terminal for our summary.
        logging.getLogger("splink").setLevel(logging.ERROR)
    if engine not in {"duckdb", "spark"}:
        raise InputError(f"unknown engine {engine!r}; expected duckdb or spark")
    config = LinkageConfig(
        mode=mode,
        threshold=threshold,
        engine=engine,
        reporting_country=reporting_country,
        reference_period=period,
    )
    decisions = ClericalDecisions.read(clerical) if clerical else None
    with err_console.status("Reading records…"):
        tables = [read_link_input(path) for path in files]
    with err_console.status("Linking (blocking, training, scoring, clustering)…"):
        result = link_records(tables, config, clerical=decisions)
    write_outputs(result, out, lang=lang)
    report = result.report
    if as_json:
        out_console.print_json(json.dumps(report, default=str))
        return
    summary = Table("", "")
    summary.add_row("records", str(report["records"]))
    summary.add_row("persons", str(report["persons"]))
    summary.add_row("candidate pairs", str(report["blocking"]["candidate_pairs"]))
    expected = report["expected"]
    summary.add_row("expected precision", str(expected["precision"]))
    summary.add_row("expected recall", str(expected["recall"]))
    summary.add_row("pairs for review", str(result.review_pairs.num_rows))
    out_console.print(summary)
    err_console.print(f"Wrote persons, record map, review pairs and report to {out}.")
