"""The Typer application and the error boundary of the CLI."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from palermo import __version__
from palermo.errors import PalermoError

app = typer.Typer(
    name="palermo",
    help="Palermo: data against trafficking in human beings.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Progress and messages go to stderr so that stdout carries only data (JSON, tables).
err_console = Console(stderr=True)
out_console = Console()

_state = {"debug": False}


def is_debug() -> bool:
    """Whether ``--debug`` (or ``PALERMO_DEBUG=1``) was given: show tracebacks."""
    return _state["debug"]


def _version(value: bool) -> None:
    if value:
        out_console.print(f"palermo {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(
        False, "--debug", envvar="PALERMO_DEBUG", help="Show tracebacks on errors."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    _state["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not debug:
        # Splink narrates every training step and warns about levels the sample did
        # not show; its model is in the linkage report, so keep the terminal for our
        # summary (every command that links: link, demo, and runs over the hub).
        logging.getLogger("splink").setLevel(logging.ERROR)
        # WeasyPrint lists the screen-only CSS of the HTML report (scrolling tables,
        # auto-fit grids) that print layout ignores by design.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; domain errors become one line and exit code 1, usage errors 2.

    Click's standalone mode already turns usage errors into a message and exit code 2;
    only Palermo's own errors need converting here.
    """
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="palermo", standalone_mode=True)
    except PalermoError as error:
        if is_debug():
            raise
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
        return 1
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if is_debug():
            raise
        # A library's message or traceback can quote a value of the file (a name in
        # a parse error); only the error's type goes to the terminal without --debug.
        err_console.print(
            f"[bold red]error:[/] unexpected {type(error).__name__}; nothing more is "
            "shown, as it could quote the records (run with --debug for the details)",
            highlight=False,
        )
        return 1
    return 0


def run() -> None:  # pragma: no cover - console entry point
    sys.exit(main())
