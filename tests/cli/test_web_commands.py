"""``palermo createadmin`` and ``palermo serve`` from the shell."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import InputError

STRONG = "a long and unusual passphrase 7\n"


@pytest.mark.django_db
def test_createadmin_creates_an_administrator_who_must_set_up_two_factor() -> None:
    from django.contrib.auth import get_user_model

    result = CliRunner().invoke(
        app, ["createadmin", "--username", "boss", "--password-stdin"], input=STRONG
    )
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="boss")
    assert user.profile.role == "administrator"
    assert user.check_password(STRONG.strip())
    assert not user.totpdevice_set.exists()


@pytest.mark.django_db
def test_createadmin_refuses_a_weak_password_with_one_line() -> None:
    result = CliRunner().invoke(
        app, ["createadmin", "--username", "boss", "--password-stdin"], input="123\n"
    )
    assert isinstance(result.exception, InputError)
    assert "too weak" in result.exception.message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize(
    "options", [(), ("--processes", "1")], ids=["one-per-core", "waitress"]
)
def test_serve_starts_the_hub_on_sqlite_in_palermo_home(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    port = _free_port()
    process = _serve(tmp_path, port, *options, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login/", timeout=2
                ) as page:
                    assert page.status == 200
                    assert page.headers["Content-Security-Policy"]
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert (tmp_path / "home" / "palermo.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "palermo createadmin" in process.stderr.read()


@pytest.mark.slow
def test_serve_with_two_processes_answers_and_stops_them_both(tmp_path: Path) -> None:
    port = _free_port()
    process = _serve(
        tmp_path, port, "--processes", "2", "--no-worker", stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        answered = 0
        while answered < 6:  # several connections: the kernel hands them to both
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login/", timeout=5
                ) as page:
                    assert page.status == 200
                    answered += 1
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), 1),
    ):
        pass  # nobody listens any more: the workers stopped with their master


@pytest.mark.slow
def test_serve_by_default_runs_queued_runs_beside_its_server_processes(
    tmp_path: Path,
) -> None:
    # One server process per core is the default; the run worker is a thread of the
    # master process, which forks the server processes after starting it.
    port = _free_port()
    process = _serve(tmp_path, port, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # answering: the database is created and migrated
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login/", timeout=2
                ):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        script = (
            "import time, sys\n"
            "from palermo_web.hub import open_hub\n"
            "open_hub()\n"
            "from palermo_web.runs.models import Run\n"
            "run = Run.request(2025, None)\n"
            "for _ in range(120):\n"
            "    run.refresh_from_db()\n"
            "    if run.status in ('succeeded', 'failed'): break\n"
            "    time.sleep(0.5)\n"
            "print(run.status)\n"
        )
        env = {
            **os.environ,
            "PALERMO_HOME": str(tmp_path / "home"),
            "PYTHONPATH": os.pathsep.join(sys.path),
            "DJANGO_SETTINGS_MODULE": "palermo_web.settings",
        }
        for name in ("DB", "DATABASE_URL"):
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert done.stdout.strip() == "succeeded", done.stderr[-2000:]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_refuses_fewer_than_one_process() -> None:
    result = CliRunner().invoke(app, ["serve", "--processes", "0"])
    assert result.exit_code == 2
    assert "--processes" in result.output


def _serve(
    tmp_path: Path, port: int, *options: str, **popen: Any
) -> subprocess.Popen[Any]:
    """``palermo serve`` in a fresh process, on SQLite under ``tmp_path/home``."""
    env = {
        **os.environ,
        "PALERMO_HOME": str(tmp_path / "home"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    for name in ("DB", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    command = "from palermo.cli._app import run; run()"
    return subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--port", str(port), *options],
        env=env,
        **popen,
    )
