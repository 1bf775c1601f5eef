"""Filtering the audit log, shared by the page, the CSV export and the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date

from palermo_web.audit.models import AuditEvent

EXPORT_COLUMNS = [
    "id",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "organisation",
    "ip",
    "path",
    "user_agent",
    "detail",
]
FILTERS = (
    "actor",
    "action",
    "object_type",
    "object_id",
    "organisation",
    "since",
    "until",
)


def filter_events(
    params: Mapping[str, str],
) -> tuple[QuerySet[AuditEvent], dict[str, str]]:
    events = AuditEvent.objects.all()
    used: dict[str, str] = {}
    for name in ("actor", "action", "object_type", "object_id", "organisation"):
        value = (params.get(name) or "").strip()
        if value:
            events = events.filter(**{name: value})
            used[name] = value
    for name, lookup, edge in (
        ("since", "at__gte", time.min),
        ("until", "at__lte", time.max),
    ):
        try:
            day = parse_date((params.get(name) or "").strip())
        except ValueError:  # well formed but impossible, such as 2025-02-30
            day = None
        if day is not None:
            moment = timezone.make_aware(datetime.combine(day, edge))
            events = events.filter(**{lookup: moment})
            used[name] = day.isoformat()
    return events, used
