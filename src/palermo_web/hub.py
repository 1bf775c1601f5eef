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


def open_hub() -> HubInfo:
    """Make the hub usable in this process; idempotent and cheap after the first call."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo_web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        where = str(db["NAME"])
    else:
        where = f"{connection.vendor}://{db['HOST']}:{db['PORT']}/{db['NAME']}"
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return HubInfo(database=where, migrated=bool(plan))
