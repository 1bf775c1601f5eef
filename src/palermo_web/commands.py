"""What ``palermo serve``, ``palermo worker`` and ``palermo createadmin`` do (hub side).

The CLI calls these from inside its command bodies, so that ``import palermo.cli``
never loads Django.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from palermo.errors import InputError

log = logging.getLogger(__name__)


def create_admin(username: str, email: str, password: str) -> Any:
    """Create an administrator; they set up two-factor authentication at first log-in.

    Raises:
        InputError: the name is taken or the password too weak.
    """
    from palermo_web.hub import open_hub

    open_hub()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from palermo_web.accounts.models import Profile, Role
    from palermo_web.audit.log import record
    from palermo_web.audit.models import Action

    User = get_user_model()
    if not username.strip():
        raise InputError("the user name cannot be empty")
    if User.objects.filter(username__iexact=username).exists():
        raise InputError(f"the user name {username!r} is taken")
    try:
        validate_password(password)
    except ValidationError as error:
        raise InputError(
            "the password is too weak: " + " ".join(error.messages)
        ) from None
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, email=email, password=password
        )
        Profile.objects.create(user=user, role=Role.ADMINISTRATOR)
        record(
            None,
            Action.CREATE,
            "user",
            user.pk,
            actor=user,
            detail={"role": "administrator", "via": "cli"},
        )
    return user


def has_administrator() -> bool:
    from palermo_web.accounts.models import Profile, Role

    return Profile.objects.filter(
        role=Role.ADMINISTRATOR, user__is_active=True
    ).exists()


def start_worker_thread() -> tuple[threading.Thread, threading.Event]:
    from palermo_web.runs.worker import work_forever

    stop = threading.Event()
    thread = threading.Thread(
        target=work_forever, args=(stop,), name="palermo-worker", daemon=True
    )
    thread.start()
    return thread, stop


def serve(
    host: str,
    port: int,
    *,
    threads: int,
    worker: bool,
    ready: Callable[[str, bool], None],
    processes: int | None = None,
) -> None:
    """Serve the hub until interrupted: waitress, or gunicorn with several processes.

    Waitress answers with threads of one process, which share one interpreter lock, so
    the page rendering of concurrent requests queues on one core. With ``processes`` > 1
    gunicorn runs that many worker processes (each with ``threads`` threads) on the
    port; the run worker stays in its master process. By default there is one process
    per core: twenty concurrent readers then get their pages in under 100 ms at the
    median on a 2-core machine (``bench/bench_web.py``), which one process cannot do.
    """
    from palermo_web.hub import open_hub

    if processes is None:
        processes = os.cpu_count() or 1
    if processes < 1:
        raise InputError(f"--processes must be 1 or more, not {processes}")
    info = open_hub()
    from palermo_web.wsgi import application

    _settle()
    stop = None
    if worker:  # one run worker only, whatever the number of server processes
        _thread, stop = start_worker_thread()
    ready(info.database, has_administrator())
    try:
        if processes > 1:
            _serve_with_gunicorn(application, host, port, threads, processes)
        else:
            import waitress

            waitress.serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="palermo",
                _quiet=True,
            )
    finally:
        if stop is not None:
            stop.set()


def _settle() -> None:
    """Load what every request needs, then exempt it from garbage collection.

    Importing the URL configuration imports every view. Everything alive by then lives
    as long as the server: frozen, it is no longer traversed by the collector's full
    passes, which otherwise stopped every request thread of a process for about 100 ms
    every few thousand requests (the p99 of bench/bench_web.py). Frozen before gunicorn
    forks, it also stays shared between the worker processes instead of being copied
    into each when the collector would have touched it.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  imports every view module
    gc.collect()
    gc.freeze()


def _serve_with_gunicorn(
    application: Any, host: str, port: int, threads: int, processes: int
) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": processes,
        "threads": threads,
        "worker_class": "gthread",
        "proc_name": "palermo",
        "loglevel": "warning",
        "accesslog": None,  # no request lines (URLs) in logs
    }

    class Hub(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    # A database connection opened here must not be shared by the forked workers.
    connections.close_all()
    Hub().run()


def work(poll_seconds: float) -> None:
    """Run queued pipeline runs until interrupted (SIGINT or SIGTERM)."""
    from palermo_web.hub import open_hub

    open_hub()
    from palermo_web.runs.worker import work_forever

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    work_forever(stop, poll_seconds)
