"""Test set-up shared by every test: where the hub's test databases live.

Database tests are written once. They run on SQLite by default and on PostgreSQL when
``DB=postgres`` (or ``DATABASE_URL``) is set: ``make test`` runs them both ways. Mark
them ``django_db``; a test that only makes sense on PostgreSQL is also marked
``postgres`` and is skipped elsewhere.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Name the test databases so that runs and subprocesses can share them safely.

    SQLite: a file rather than memory, so that a subprocess (a killed ``palermo
    submit``) can open the same database. PostgreSQL: a name unique to this checkout, so
    that test runs from several checkouts on one server never drop each other's
    database.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test["NAME"] = str(tmp_path_factory.mktemp("hub") / "test.sqlite3")
    else:
        checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
        base = test.get("NAME") or f"test_{database['NAME']}"
        test["NAME"] = f"{base}_{checkout}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip PostgreSQL-only tests unless the hub runs on PostgreSQL."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DB=postgres)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
