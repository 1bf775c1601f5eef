"""Opening the hub from the command line: configure Django, create and migrate the database.

The ``palermo`` commands that work on stored state (``submit``, ``submissions``,
``org``...) call :func:`open_hub` first. On first use it creates the SQLite database in
``PALERMO_HOME`` (default ``./palermo-data``) and applies every migration; afterwards it
only checks that there is nothing left to migrate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HubInfo:
    """Where the hub's database is and whether this call brought its schema up to date."""

    database: str
    migrated: bool


def open_hub(home: Path | None = None) -> HubInfo:
    """Make the hub usable in this process; idempotent and cheap after the first call.

    Args:
        home: open an embedded SQLite hub in this folder (``palermo demo`` puts its hub
            under ``DIR/hub/``), whatever ``PALERMO_HOME``, ``DB`` or ``DATABASE_URL``
            say. Only the first opening in a process decides: once Django is set up
            (a second call, the web server, the test suite) the hub stays where it is,
            and :attr:`HubInfo.database` says where that is.
    """
    import django
    from django.apps import apps

    if not apps.ready:
        if home is not None:
            os.environ["PALERMO_HOME"] = str(Path(home).resolve())
            for name in ("DB", "DATABASE_URL", "PALERMO_SQLITE"):
                os.environ.pop(name, None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo_web.settings")
        django.setup()

    from django.core.management import call_command
    from django.db import OperationalError, connection
    from django.db.migrations.executor import MigrationExecutor

    from palermo.errors import PalermoError

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        where = str(db["NAME"])
    else:
        where = f"{connection.vendor}://{db['HOST']}:{db['PORT']}/{db['NAME']}"
    try:
        connection.ensure_connection()
    except OperationalError as error:
        # One line that says where and why, instead of a driver traceback.
        reason = " ".join(str(error).split())
        hint = ""
        if connection.vendor != "sqlite":
            hint = (
                f" (create it, e.g. `createdb {db['NAME']}`, or unset DB and "
                "DATABASE_URL for the embedded SQLite hub)"
            )
        raise PalermoError(
            f"cannot open the hub database {where}: {reason}{hint}"
        ) from error
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return HubInfo(database=where, migrated=bool(plan))
