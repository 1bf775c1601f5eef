"""Pipeline runs and the dashboard's stored figures."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import File, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile

from palermo_web.accounts import access
from palermo_web.accounts.models import Role
from palermo_web.api.common import require
from palermo_web.api.schemas import ClericalOut, DashboardOut, ErrorOut, RunIn, RunOut
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.dashboard.data import latest_run
from palermo_web.runs import actions, clerical
from palermo_web.runs.models import Run

router = Router(tags=["runs"])
E = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ANALYSTS = (Role.ANALYST, Role.ADMINISTRATOR)


def _out(run: Run) -> RunOut:
    return RunOut(
        id=run.pk,
        period=run.period,
        version=run.version,
        status=run.status,
        stage=run.stage,
        progress=run.progress,
        message=run.message,
        created_at=run.created_at,
        finished_at=run.finished_at,
        threshold=run.link_threshold,
        stages=run.stages,
        outputs=run.outputs,
    )


@router.get("/runs", response={200: list[RunOut], **E}, operation_id="list_runs")
def list_runs(request: HttpRequest, period: int | None = None) -> list[RunOut]:
    require(request, *ANALYSTS)
    runs = access.runs_for(request.user)
    if period is not None:
        runs = runs.filter(period=period)
    return [_out(r) for r in runs[:200]]


@router.post("/runs", response={202: RunOut, **E}, operation_id="start_run")
def start_run(request: HttpRequest, body: RunIn) -> tuple[int, RunOut]:
    """Queue the annual run of a period; poll ``GET /runs/{id}`` for its progress."""
    require(request, *ANALYSTS)
    return 202, _out(actions.start(request, body.period, body.threshold))


@router.get("/runs/{int:pk}", response={200: RunOut, **E}, operation_id="get_run")
def get_run(request: HttpRequest, pk: int) -> RunOut:
    require(request, *ANALYSTS)
    run = access.get_run_for_user(request, pk)
    record(request, Action.READ, "run", run.pk)
    return _out(run)


@router.post(
    "/clerical/{int:period}",
    response={200: ClericalOut, **E},
    operation_id="store_clerical_decisions",
)
def store_clerical_decisions(
    request: HttpRequest, period: int, file: File[UploadedFile]
) -> tuple[int, object]:
    """Store the analyst's clerical decisions for a period; later runs apply them.

    The file is the one ``palermo link --clerical`` reads: the review pairs CSV with
    its ``decision`` column filled (same / not_same). It replaces earlier decisions.
    """
    require(request, Role.ANALYST)
    if not 1900 <= period <= 2100:
        raise HttpError(
            422, "the reference period must be a year between 1900 and 2100"
        )
    try:
        checked = clerical.receive(request, period, file.read(clerical.MAX_BYTES + 1))
    except clerical.InvalidDecisions as invalid:
        issues = [{"message": problem} for problem in invalid.errors]
        return 422, {"error": "the decisions file was refused", "issues": issues}
    return 200, ClericalOut(
        period=period,
        same=len(checked.decisions.same),
        not_same=len(checked.decisions.not_same),
        sha256=checked.sha256,
    )


@router.get(
    "/dashboard/{int:period}",
    response={200: DashboardOut, **E},
    operation_id="get_dashboard",
)
def get_dashboard(request: HttpRequest, period: int) -> DashboardOut:
    """The stored figures of the period's latest successful run (suppressed cells are null)."""
    require(request, *ANALYSTS)
    run = latest_run(period)
    if run is None:
        raise Http404
    record(request, Action.READ, "dashboard", period, detail={"run": run.pk})
    return DashboardOut(period=period, run=run.pk, summary=run.summary)
