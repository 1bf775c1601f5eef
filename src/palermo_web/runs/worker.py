"""The worker: claims queued runs one at a time and executes their stages.

``palermo serve`` starts one in a thread; ``palermo worker`` runs one as its own process
(several may run against PostgreSQL). Claiming is a conditional UPDATE, so two workers
never execute the same run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.db import close_old_connections, transaction
from django.utils import timezone

from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.runs.models import Run, Status
from palermo_web.runs.stages import STAGES, StageContext

log = logging.getLogger(__name__)

# A run whose worker has not reported for this long is taken to have died.
STALE_AFTER = timedelta(minutes=30)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def claim_next(worker: str | None = None) -> Run | None:
    """Take the oldest queued run, or None; only one worker can win a given run."""
    worker = worker or worker_name()
    for candidate in Run.objects.filter(status=Status.QUEUED).order_by(
        "created_at", "id"
    )[:5]:
        now = timezone.now()
        won = Run.objects.filter(pk=candidate.pk, status=Status.QUEUED).update(
            status=Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now
        )
        if won:
            return Run.objects.get(pk=candidate.pk)
    return None


def fail_stale_runs() -> int:
    """Mark runs whose worker stopped reporting as failed, so the queue moves on."""
    cutoff = timezone.now() - STALE_AFTER
    return Run.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff).update(
        status=Status.FAILED, message="the worker stopped", finished_at=timezone.now()
    )


def _report(run: Run, **fields: object) -> None:
    fields["heartbeat_at"] = timezone.now()
    Run.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def execute(run: Run) -> Run:
    """Run every stage; outputs appear in ``run.directory`` only if all succeed."""
    final = run.directory
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".v{run.version}-", dir=final.parent))
    ctx = StageContext(period=run.period, work=work, threshold=run.link_threshold)
    done: list[dict[str, object]] = []
    try:
        for index, (name, stage) in enumerate(STAGES):
            _report(run, stage=name, progress=int(100 * index / len(STAGES)))
            outcome = stage(ctx)
            done.append({"stage": name, **(outcome or {"outcome": "skipped"})})
            _report(run, stages=list(done))
        # The copy of the records (with their encoded identities) served the stages
        # only; the run keeps its derived outputs.
        shutil.rmtree(work / "records", ignore_errors=True)
        outputs = _describe_outputs(work)
        work.rename(final)
    except Exception as error:  # the run fails; the worker goes on with the next
        log.exception("run %s failed", run.pk)
        shutil.rmtree(work, ignore_errors=True)
        _report(
            run,
            status=Status.FAILED,
            message=_safe_message(error),
            finished_at=timezone.now(),
            stages=done,
        )
        record(None, Action.UPDATE, "run", run.pk, detail={"status": "failed"})
        return run
    with transaction.atomic():
        _report(
            run,
            status=Status.SUCCEEDED,
            progress=100,
            stage="",
            message="",
            finished_at=timezone.now(),
            outputs=outputs,
            summary=ctx.summary,
        )
    record(None, Action.UPDATE, "run", run.pk, detail={"status": "succeeded"})
    return run


def _safe_message(error: Exception) -> str:
    # Domain errors carry messages written to name rows and columns, never identities;
    # anything else is summarised by its type only.
    from palermo.errors import PalermoError

    if isinstance(error, PalermoError):
        return error.message[:300]
    return f"internal error ({type(error).__name__}); see the server log"


def _describe_outputs(work: Path) -> list[dict[str, object]]:
    files = []
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        relative = path.relative_to(work).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        files.append({"path": relative, "bytes": path.stat().st_size, "sha256": digest})
    return files


def run_pending(limit: int | None = None) -> int:
    """Execute queued runs until none is left (or ``limit``); returns how many ran."""
    count = 0
    while limit is None or count < limit:
        run = claim_next()
        if run is None:
            break
        execute(run)
        count += 1
    return count


def work_forever(stop: threading.Event, poll_seconds: float = 2.0) -> None:
    """The worker loop for a thread or a process; returns when ``stop`` is set."""
    fail_stale_runs()
    while not stop.is_set():
        close_old_connections()
        try:
            ran = run_pending(limit=1)
        except Exception:  # a database hiccup must not kill the worker
            log.exception("worker loop")
            ran = 0
        if not ran:
            stop.wait(poll_seconds)
