"""The audit log: every read and write recorded, browsable, exportable, unchangeable."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from palermo_web.audit.log import record
from palermo_web.audit.models import AuditEvent, AuditLogImmutable
from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db: None) -> AuditEvent:
    return record(None, "read", "submission", 7, organisation="ngo-lyon")


def test_an_event_cannot_be_changed_through_the_model(event: AuditEvent) -> None:
    event.action = "delete"
    with pytest.raises(AuditLogImmutable):
        event.save()


def test_an_event_cannot_be_deleted_through_the_model(event: AuditEvent) -> None:
    with pytest.raises(AuditLogImmutable):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_changed_or_deleted_in_bulk(event: AuditEvent) -> None:
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_even_in_raw_sql(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET action = 'delete'")
    event.refresh_from_db()
    assert event.action == "read"


def test_reading_a_page_records_who_what_when_and_from_where(submitter: Any) -> None:
    client = logged_in(
        submitter, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="test-agent"
    )
    client.get("/submissions/")
    event = AuditEvent.objects.get(object_type="submission_list")
    assert (event.actor, event.action, event.ip) == ("nadia", "read", "203.0.113.9")
    assert event.user_agent == "test-agent"
    assert event.at is not None


def test_an_administrator_browses_and_filters_the_log(
    administrator: Any, event: AuditEvent
) -> None:
    client = logged_in(administrator)
    page = client.get("/audit/", {"object_type": "submission"})
    assert page.status_code == 200
    assert "ngo-lyon" in page.content.decode()


def test_an_administrator_exports_the_log_as_csv(
    administrator: Any, event: AuditEvent
) -> None:
    response = logged_in(administrator).get("/audit/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["id", "at", "actor", "action"]
    assert any(r[4] == "submission" and r[5] == "7" for r in rows[1:])
    assert AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("url", ["/audit/export.csv", "/api/audit/export"])
def test_the_export_writes_the_detail_as_json(administrator: Any, url: str) -> None:
    record(None, "read", "submission", 8, detail={"filters": {}, "note": "é"})
    response = logged_in(administrator).get(url)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    detail = next(r["detail"] for r in rows if r["object_id"] == "8")
    assert json.loads(detail) == {"filters": {}, "note": "é"}
    assert all(json.loads(r["detail"] or "{}") is not None for r in rows)


def test_a_cell_that_looks_like_a_formula_is_defused_in_the_export(
    administrator: Any,
) -> None:
    record(None, "read", "=HYPERLINK(1)", "x")
    response = logged_in(administrator).get("/audit/export.csv")
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("persona", ["submitter", "analyst", "caseworker"])
def test_only_administrators_see_the_log(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = logged_in(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert AuditEvent.objects.filter(action="denied").count() == 2


def test_a_bad_date_filter_is_ignored_not_an_error(administrator: Any) -> None:
    assert (
        logged_in(administrator).get("/audit/", {"since": "2025-02-30"}).status_code
        == 200
    )


def test_an_event_is_written_without_holding_sqlite_write_lock_until_python_fetches(
    db: None,
) -> None:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        first = record(None, "read", "submission", 1)
        second = record(None, "read", "run", 2)
    if connection.vendor == "sqlite":
        inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
        assert len(inserts) == 2
        assert not any("RETURNING" in sql for sql in inserts)
    # Each event still knows its own row.
    assert AuditEvent.objects.get(pk=first.pk).object_type == "submission"
    assert AuditEvent.objects.get(pk=second.pk).object_type == "run"
    assert second.pk != first.pk
