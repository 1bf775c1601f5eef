"""Rich renderings shared by several command groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from palermo.errors import PalermoError

if TYPE_CHECKING:  # intake loads pyarrow; `palermo --help` must stay light
    from palermo.intake import ValidationReport

# A refused file can have thousands of issues; the terminal shows the first ones
# (--json, where a command has it, or `palermo validate` lists them all).
SHOWN_ISSUES = 50


def render_issues(error: PalermoError, console: Console) -> None:
    """The issues a refusal carries (row, column, code, message; never a value)."""
    table = Table("row", "column", "code", "severity", "message", title="Issues")
    for issue in error.issues[:SHOWN_ISSUES]:
        row = issue.get("row")
        table.add_row(
            "" if row is None else str(row),
            escape(str(issue.get("column") or "")),
            str(issue.get("code", "")),
            str(issue.get("severity", "")),
            escape(str(issue.get("message", ""))),
        )
    console.print(table)
    hidden = len(error.issues) - SHOWN_ISSUES
    if hidden > 0:
        console.print(f"… and {hidden} more issues (palermo validate lists them all).")


def render_report(report: ValidationReport, console: Console, source: str) -> None:
    """A validation report as a table of issues and a one-line verdict."""
    from palermo.intake import Severity

    if report.issues:
        table = Table()
        table.add_column("row", justify="right")
        # Fold rather than cut: codes and column names must stay whole to be useful.
        for name in ("column", "value", "code"):
            table.add_column(name, overflow="fold")
        table.add_column("severity")
        table.add_column("message", ratio=1)
        for issue in report.issues:
            style = "red" if issue.severity is Severity.ERROR else "yellow"
            table.add_row(
                "" if issue.row is None else str(issue.row),
                issue.column or "",
                "" if issue.value is None else issue.value,
                issue.code.value,
                f"[{style}]{issue.severity.value}[/]",
                issue.message,
            )
        console.print(table)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "[green]valid[/]" if report.is_valid else "[bold red]invalid[/]"
    console.print(
        f"{source}: {report.rows:,} rows, {errors} errors, {warnings} warnings: "
        f"{verdict}",
        highlight=False,
    )
