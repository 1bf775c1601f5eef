"""``palermo serve``, ``palermo worker`` and ``palermo createadmin``: the hub on the web.

Like the other commands on stored state, these reach the hub (and Django) only inside
their bodies, so that ``import palermo.cli`` stays free of Django.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from palermo.cli._app import app, err_console


@app.command("serve")
def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", envvar="PALERMO_HOST", help="Address to listen on."
    ),
    port: int = typer.Option(
        8000, "--port", envvar="PALERMO_PORT", help="Port to listen on."
    ),
    threads: int = typer.Option(
        8, "--threads", envvar="PALERMO_THREADS", help="Request threads."
    ),
    worker: bool = typer.Option(
        True,
        "--worker/--no-worker",
        envvar="PALERMO_WORKER",
        help="Run queued pipeline runs in this process (else start `palermo worker`).",
    ),
    processes: int | None = typer.Option(
        None,
        "--processes",
        envvar="PALERMO_PROCESSES",
        min=1,
        help="Server processes sharing the port (default: one per core; 1: waitress, "
        "more: gunicorn).",
    ),
) -> None:
    """Start the hub: SQLite in PALERMO_HOME (default ./palermo-data), PostgreSQL with DATABASE_URL."""
    from palermo_web.commands import serve as serve_hub

    def ready(database: str, has_admin: bool) -> None:
        err_console.print(f"Hub database: {escape(database)}", highlight=False)
        if not has_admin:
            err_console.print(
                "No administrator yet: create one with `palermo createadmin`."
            )
        err_console.print(
            f"Serving on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False
        )

    serve_hub(
        host, port, threads=threads, worker=worker, ready=ready, processes=processes
    )


@app.command("worker")
def worker(
    poll: float = typer.Option(
        2.0, "--poll", help="Seconds between looks at the queue."
    ),
) -> None:
    """Run queued pipeline runs (for hubs that serve with --no-worker)."""
    from palermo_web.commands import work

    err_console.print("Worker started (Ctrl-C to stop)")
    work(poll)


@app.command("createadmin")
def createadmin(
    username: str = typer.Option(
        ..., "--username", prompt=True, help="The administrator's user name."
    ),
    email: str = typer.Option("", "--email", help="Their e-mail address."),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read the password from standard input (scripts).",
    ),
) -> None:
    """Create an administrator of the hub (they set up two-factor at first log-in)."""
    from palermo_web.commands import create_admin

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = create_admin(username, email, password)
    err_console.print(
        f"Administrator {escape(user.get_username())} created.", highlight=False
    )
