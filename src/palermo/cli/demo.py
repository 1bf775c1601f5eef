"""``palermo demo``: the whole main job on a generated country, in one command."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from palermo.cli._app import app, err_console, out_console


@app.command("demo")
def demo_command(
    out: Path = typer.Option(
        Path("palermo-demo"),
        "--out",
        help="Folder for every stage's outputs.",
        envvar="PALERMO_DEMO_OUT",
    ),
    seed: int = typer.Option(
        2025,
        "--seed",
        help="Random seed of the simulated country.",
        envvar="PALERMO_DEMO_SEED",
    ),
) -> None:
    """Simulate a country and run every stage of Palermo on it, with progress bars."""
    # The pipeline (and through it the hub) loads only when the command runs.
    from palermo.pipeline import run_demo

    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        results = run_demo(out, seed=seed, progress=progress)
    table = Table("stage", "", "", title="Palermo demo")
    for result in results:
        table.add_row(
            f"[bold]{result.stage}[/]", f"{result.folder}", f"{result.seconds:.1f} s"
        )
        for key, value in result.summary.items():
            table.add_row("", key, str(value))
    out_console.print(table)
    for line in _headline({r.stage: r for r in results}):
        out_console.print(line)
    out_console.print(
        f"Done in {time.perf_counter() - started:.0f} s. Everything is under {out.resolve()}."
    )


def _headline(stages: dict[str, Any]) -> list[str]:
    """The few lines a reader looks for: persons, the hidden total, the report.

    A simulated country's truth is shown beside the estimate, so that the demo says
    honestly how close multiple systems estimation came on data whose answer is known.
    """
    lines = []
    if "linkage" in stages:
        linked = stages["linkage"].summary
        lines.append(
            f"[bold]{linked['records']:,}[/] victim records are "
            f"[bold]{linked['persons']:,}[/] distinct persons."
        )
    if "estimate" in stages:
        estimate = stages["estimate"].summary
        label, interval = next(
            (k, v) for k, v in estimate.items() if k.endswith("interval")
        )
        truth = (
            stages["simulate"].summary.get("true victims")
            if "simulate" in stages
            else None
        )
        known = f" (the simulated truth: {truth:,})" if truth is not None else ""
        lines.append(
            f"Estimated total of victims, seen and unseen: [bold]{estimate['estimated total']}[/], "
            f"{label} {interval}{known}; "
            "read it as a lower bound (dependence between lists beyond the model makes "
            "it too low: docs/estimate.md)."
        )
    if "report" in stages:
        lines.append(f"Report: [bold]{stages['report'].summary['HTML']}[/]")
    return lines
