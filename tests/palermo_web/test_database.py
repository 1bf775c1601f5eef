"""The hub's tests run on the database the environment asks for."""

from __future__ import annotations

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_runs_on_the_database_the_environment_asks_for() -> None:
    wanted = "postgresql" if os.environ.get("DB") == "postgres" else "sqlite"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        wanted = "postgresql"
    assert connection.vendor == wanted
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_postgres_test_databases_are_named_for_this_checkout() -> None:
    # Several checkouts share one server; each must create and drop only its own.
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_palermo_")
    assert len(name.removeprefix("test_palermo_").split("_")[-1]) == 8


def test_the_models_and_their_migrations_agree() -> None:
    from django.core.management import call_command

    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
