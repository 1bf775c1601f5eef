"""The dashboard: stored outputs only, drawn as charts (nothing is counted here)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from palermo_web import fragments
from palermo_web.accounts.access import require_role
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.dashboard import charts
from palermo_web.dashboard.data import (
    breakdown_titles,
    label,
    latest_run_stamps,
    latest_runs_by_period,
    trend,
)
from palermo_web.dashboard.labels import linkage_rows


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    stamps = latest_run_stamps()
    if stamps:
        return redirect("dashboard:period", period=max(stamps))
    return render(request, "dashboard/empty.html")


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_safe
def period_view(request: HttpRequest, period: int) -> HttpResponse:
    stamps = latest_run_stamps()
    if period not in stamps:
        raise Http404
    record(request, Action.READ, "dashboard", period, detail={"run": stamps[period][0]})
    # The charts are the page's cost and change only when a run succeeds: drawn once per
    # set of latest runs and language (every analyst sees the same dashboard).
    content = fragments.cached(
        "dashboard", (period, sorted(stamps.items())), lambda: _content(period)
    )
    return render(
        request, "dashboard/period.html", {"period": period, "content": content}
    )


def _content(period: int) -> str:
    runs = latest_runs_by_period()
    run = runs.get(period)
    if run is None:  # superseded between the two queries: the next request draws it
        raise Http404
    summary: dict[str, Any] = run.summary
    panels = []
    titles = breakdown_titles()
    for name, cells in summary.get("breakdowns", {}).items():
        bars = [charts.Bar(label(name, c["code"]), c["count"]) for c in cells]
        panels.append(
            {
                "title": titles.get(name, name),
                "svg": charts.bar_chart(bars, titles.get(name, name)),
                "cells": cells,
                "name": name,
            }
        )
    linkage = summary.get("linkage", {})
    pair = [
        charts.Bar(_("victim records"), summary.get("victim_records") or 0, "bar alt")
    ]
    if summary.get("basis") == "persons":
        pair.append(charts.Bar(_("persons"), summary.get("persons")))
    estimate = summary.get("estimate")
    estimate_svg = None
    if (
        estimate
        and estimate.get("lower") is not None
        and estimate.get("upper") is not None
    ):
        estimate_svg = charts.interval_chart(
            summary.get("persons"),
            estimate["estimate"],
            estimate["lower"],
            estimate["upper"],
            _("Estimated total with its interval"),
        )
    context = {
        "run": run,
        "summary": summary,
        "periods": sorted(runs),
        "panels": panels,
        "records_vs_persons": charts.bar_chart(pair, _("Records and persons")),
        "trend": charts.line_chart(trend(runs), _("Trend over the years")),
        "linkage": linkage_rows(linkage),
        # Counts from 1 to threshold - 1 are suppressed (runs.summary.suppress).
        "suppressed_up_to": (summary.get("threshold") or 1) - 1,
        "estimate": estimate,
        "estimate_svg": estimate_svg,
    }
    return render_to_string("dashboard/_period_content.html", context)
