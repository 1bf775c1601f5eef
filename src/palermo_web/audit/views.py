"""Administrators browse and export the audit log; nobody can change it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from palermo_web.accounts.access import require_role
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.audit.query import EXPORT_COLUMNS, filter_events


@require_role(Role.ADMINISTRATOR)
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events, filters = filter_events(request.GET)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "filters": filters,
            "actions": Action.choices,
            "query": request.GET.urlencode(),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_role(Role.ADMINISTRATOR)
@require_safe
def export(request: HttpRequest) -> StreamingHttpResponse:
    events, filters = filter_events(request.GET)
    record(request, Action.EXPORT, "audit_log", detail={"filters": filters})
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(EXPORT_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow([_cell(getattr(event, c)) for c in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{date.today():%Y%m%d}.csv"'
    )
    return response


def _cell(value: object) -> str:
    if value is None:
        text = ""
    elif isinstance(value, dict | list):
        # The detail column: JSON, which any tool reads (a Python repr is not).
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    # Spreadsheets run cells that start with these as formulas.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
