"""A crash or a kill in the middle of a submission leaves the hub as it was before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from palermo_web.submissions import storage
from palermo_web.submissions.models import Record, Submission
from palermo_web.submissions.services import records_for_period, submit_file

# Real transactions: the submission's own, not a savepoint inside the test's.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]


def _state() -> list[tuple[int, str, int]]:
    return [
        (s.version, s.status, s.records.count())
        for s in Submission.objects.order_by("version")
    ]


def test_a_failure_halfway_through_the_records_leaves_the_previous_version_current(
    ngo: Any, victims_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_file(
        victims_file(rows=3, name="v1.csv"),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    before = _state()
    monkeypatch.setattr(storage, "CHUNK_ROWS", 4)
    calls = []
    write = (
        storage._write_postgres
        if connection.vendor == "postgresql"
        else storage._write_sqlite
    )

    def fail_on_second_chunk(rows: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        write(rows)

    monkeypatch.setattr(storage, "_write_sqlite", fail_on_second_chunk)
    monkeypatch.setattr(storage, "_write_postgres", fail_on_second_chunk)

    with pytest.raises(OSError, match="disk full"):
        submit_file(
            victims_file(rows=10, name="v2.csv"),
            kind="victims",
            organisation_id="ngo-lyon",
            period=2025,
        )

    assert len(calls) == 2  # the first chunk had been written
    assert _state() == before == [(1, "current", 3)]
    assert Record.objects.count() == 3
    assert records_for_period(2025).num_rows == 3


# Runs in a child process: submit, and after the first chunk of records is written
# (inside the transaction) say so and hang until killed.
_CHILD = """
import os, sys, time
from pathlib import Path
import django
django.setup()
from palermo_web.submissions import storage, services
storage.CHUNK_ROWS = 5
marker = Path(sys.argv[2])

def hang(done, total):
    marker.write_text(str(done))
    time.sleep(120)

services.submit_file(Path(sys.argv[1]), kind="victims", organisation_id="ngo-lyon",
                     period=2025, progress=hang)
"""


def _child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "palermo_web.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    else:
        env.pop("DB", None)
        env.pop("DATABASE_URL", None)
        env["PALERMO_SQLITE"] = str(db["NAME"])
    return env


def test_killing_a_submission_midway_leaves_the_hub_as_it_was(
    ngo: Any, victims_file: Callable[..., Path], tmp_path: Path
) -> None:
    submit_file(
        victims_file(rows=3, name="v1.csv"),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    before = _state()
    marker = tmp_path / "halfway"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(victims_file(rows=20, name="v2.csv")),
            str(marker),
        ],
        env=_child_environment(),
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, (
                child.stderr.read().decode() if child.stderr else ""
            )
            assert time.monotonic() < deadline, "the child never reached the records"
            time.sleep(0.05)
        assert marker.read_text() == "5"  # one chunk written, fifteen to go
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()

    assert _state() == before == [(1, "current", 3)]
    # And the hub takes the next submission as if nothing had happened.
    receipt = submit_file(
        victims_file(rows=20, name="v2.csv"),
        kind="victims",
        organisation_id="ngo-lyon",
        period=2025,
    )
    assert (receipt.version, receipt.row_count) == (2, 20)
