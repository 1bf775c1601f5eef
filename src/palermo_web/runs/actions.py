"""Starting a run: the one path the page and the API share, so both audit alike."""

from __future__ import annotations

from django.http import HttpRequest

from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.runs.models import Run


def start(request: HttpRequest, period: int, threshold: float | None) -> Run:
    """Queue the period's annual run for the requesting analyst (audited)."""
    run = Run.request(period, request.user, threshold)
    record(
        request,
        Action.CREATE,
        "run",
        run.pk,
        detail={"period": run.period, "threshold": run.link_threshold},
    )
    return run
