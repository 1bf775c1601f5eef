"""``palermo simulate``: write a synthetic country with known truth."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from palermo.cli._app import app, err_console, out_console

if TYPE_CHECKING:  # the simulator pulls in numpy, pandas and Faker: load it on use
    from palermo.simulate import SimulationConfig, SimulationResult


def build_config(
    config_file: Path | None,
    *,
    country: str | None = None,
    year: int | None = None,
    victims: int | None = None,
    sources: int | None = None,
    seed: int | None = None,
    errors: str | None = None,
    file_format: str | None = None,
) -> SimulationConfig:
    """The config of a run: the file's (or the defaults), then the options on top."""
    from palermo.simulate import SimulationConfig, catalogue_sources, error_preset

    config = (
        SimulationConfig.from_json(config_file) if config_file else SimulationConfig()
    )
    changes: dict[str, object] = {
        key: value
        for key, value in {
            "country": country.upper() if country else None,
            "year": year,
            "victims": victims,
            "seed": seed,
            "file_format": file_format,
        }.items()
        if value is not None
    }
    if sources is not None:
        changes["sources"] = catalogue_sources(sources)
    if errors is not None:
        changes["errors"] = error_preset(errors)
    return dataclasses.replace(config, **changes)  # type: ignore[arg-type]


def render_result(result: SimulationResult) -> None:
    """Show what a simulation wrote: one row per file, then the headline truth."""
    table = Table(
        "organisation", "kind", "format", "records", "file", title="Source files"
    )
    for item in result.files:
        table.add_row(
            item.organisation_id, item.kind, item.format, str(item.records), item.path
        )
    out_console.print(table)
    unseen = result.victims - result.victims_seen
    out_console.print(
        f"{result.country} {result.year}: {result.victims} true victims, "
        f"{result.victims_seen} seen by at least one source, {unseen} hidden; "
        f"{result.victim_records} victim records, {result.suspect_records} suspect "
        f"records, {result.proceeding_records} proceedings.\n"
        f"Written to {result.out_dir} (truth in {result.out_dir / 'truth'}, "
        f"settings in {result.out_dir / 'config.json'})."
    )


@app.command("simulate")
def simulate_command(
    out: Path = typer.Option(
        ...,
        "--out",
        help="Folder to write the simulation to.",
        envvar="PALERMO_SIMULATE_OUT",
    ),
    country: str | None = typer.Option(
        None,
        "--country",
        help="Reporting country (ISO code, e.g. FR, BE, RO). Default FR.",
        envvar="PALERMO_SIMULATE_COUNTRY",
    ),
    year: int | None = typer.Option(
        None,
        "--year",
        help="Reference year. Default 2025.",
        envvar="PALERMO_SIMULATE_YEAR",
    ),
    victims: int | None = typer.Option(
        None,
        "--victims",
        help="True number of victims (default: from the country's population).",
        envvar="PALERMO_SIMULATE_VICTIMS",
    ),
    sources: int | None = typer.Option(
        None,
        "--sources",
        help="Number of victim sources, 1-8 (police, NGO, labour inspectorate, border "
        "guard, social services, immigration, health, shelter). Default 5.",
        envvar="PALERMO_SIMULATE_SOURCES",
    ),
    seed: int | None = typer.Option(
        None,
        "--seed",
        help="Random seed. Default 2025.",
        envvar="PALERMO_SIMULATE_SEED",
    ),
    errors: str | None = typer.Option(
        None,
        "--errors",
        help="Recording errors: clean, default or hard (10-30% of records with errors).",
        envvar="PALERMO_SIMULATE_ERRORS",
    ),
    file_format: str | None = typer.Option(
        None,
        "--format",
        help="native (each source's own files) or parquet (standard tables, for scale).",
        envvar="PALERMO_SIMULATE_FORMAT",
    ),
    config_file: Path | None = typer.Option(
        None,
        "--config",
        help="JSON config (as written to config.json; may be partial). Options win.",
        envvar="PALERMO_SIMULATE_CONFIG",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Simulate a country's victims, sources, records and truth."""
    from palermo.simulate import simulate

    config = build_config(
        config_file,
        country=country,
        year=year,
        victims=victims,
        sources=sources,
        seed=seed,
        errors=errors,
        file_format=file_format,
    )
    with err_console.status("Simulating..."):
        result = simulate(config, out)
    if as_json:
        out_console.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        render_result(result)
