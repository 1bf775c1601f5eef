"""Turning a run's stored summary into what the dashboard page and API show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from palermo.standard import load_codelist
from palermo_web.runs.models import Run, Status

# The code list that labels each breakdown (age groups and citizenship groups are ours).
_CODELISTS = {"sex": "sex", "form_of_exploitation": "exploitation"}


def latest_runs_by_period() -> dict[int, Run]:
    """The latest succeeded run of every period: the stored outputs the hub shows."""
    latest: dict[int, Run] = {}
    for run in (
        Run.objects.filter(status=Status.SUCCEEDED)
        .order_by("period", "-version")
        .only("id", "period", "version", "summary", "finished_at")
    ):
        latest.setdefault(run.period, run)
    return latest


def latest_run_stamps() -> dict[int, tuple[int, int, Any]]:
    """(id, version, finished_at) of the latest succeeded run of every period.

    What a dashboard page is drawn from, without loading any summary: a run's summary is
    written once, with its finished_at, when it succeeds.
    """
    latest: dict[int, tuple[int, int, Any]] = {}
    for period, pk, version, finished_at in (
        Run.objects.filter(status=Status.SUCCEEDED)
        .order_by("period", "-version")
        .values_list("period", "id", "version", "finished_at")
    ):
        latest.setdefault(period, (pk, version, finished_at))
    return latest


def latest_run(period: int) -> Run | None:
    return (
        Run.objects.filter(status=Status.SUCCEEDED, period=period)
        .order_by("-version")
        .first()
    )


def label(breakdown: str, code: str) -> str:
    language = (get_language() or "en")[:2]
    if code == "unknown":
        return _("unknown")
    if breakdown == "citizenship_group":
        return {
            "reporting_country": _("nationals"),
            "other_eu": _("other EU"),
            "non_eu": _("non-EU"),
        }.get(code, code)
    list_id = _CODELISTS.get(breakdown)
    if list_id is None:
        return code
    try:
        return load_codelist(list_id).label(code, language)
    except (KeyError, LookupError):
        return code


def breakdown_titles() -> dict[str, str]:
    return {
        "sex": _("Persons by sex"),
        "age_group": _("Persons by age group"),
        "citizenship_group": _("Persons by citizenship"),
        "form_of_exploitation": _("Persons by form of exploitation"),
    }


def trend(runs: dict[int, Run]) -> list[tuple[str, int | None]]:
    points = []
    for period in sorted(runs):
        summary: dict[str, Any] = runs[period].summary
        value = (
            summary.get("persons")
            if summary.get("basis") == "persons"
            else summary.get("victim_records")
        )
        points.append((str(period), value))
    return points
