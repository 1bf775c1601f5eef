"""Cached page parts: each person still sees exactly their scope, and every change at once."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from palermo_web.runs.models import Run
from palermo_web.submissions.models import Submission
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table


def _list(client: Any) -> str:
    page = client.get("/submissions/")
    assert page.status_code == 200
    return str(page.content.decode())


def test_two_organisations_never_see_each_others_cached_rows(
    submitter: Any, outsider: Any, analyst: Any, ngo_org: Any, police_org: Any
) -> None:
    store(ngo_org, victims_table(3), period=2024)
    store(police_org, victims_table(4, police_org.pk), period=2023)
    ngo, police, everyone = (
        logged_in(submitter),
        logged_in(outsider),
        logged_in(analyst),
    )
    ngo_name, police_name = escape(ngo_org.name), escape(police_org.name)
    for _ in range(2):  # the second round is served from the cache
        mine, theirs, all_rows = _list(ngo), _list(police), _list(everyone)
        assert ngo_name in mine
        assert police_name not in mine
        assert police_name in theirs
        assert ngo_name not in theirs
        assert ngo_name in all_rows
        assert police_name in all_rows


def test_a_changed_submission_shows_at_once(submitter: Any, ngo_org: Any) -> None:
    first = store(ngo_org, victims_table(3))
    client = logged_in(submitter)
    assert "Current" in _list(client)
    Submission.objects.filter(pk=first.pk).update(status="superseded")
    assert "Superseded" in _list(client)
    store(ngo_org, victims_table(5), version=2)
    assert ">v2<" in _list(client)


def test_the_cached_rows_follow_the_language(submitter: Any, ngo_org: Any) -> None:
    store(ngo_org, victims_table(3))
    client = logged_in(submitter)
    assert "Current" in _list(client)
    client.cookies["django_language"] = "fr"
    french = _list(client)
    assert "Current" not in french
    assert "victimes" in french


def _run(period: int, version: int, records: int) -> Run:
    return Run.objects.create(
        period=period,
        version=version,
        status="succeeded",
        finished_at=timezone.now(),
        summary={
            "period": period,
            "basis": "records",
            "threshold": 5,
            "victim_records": records,
            "organisations": [],
            "breakdowns": {},
            "linkage": {},
        },
    )


def test_a_new_run_redraws_the_dashboard(analyst: Any) -> None:
    _run(2024, 1, 4321)
    client = logged_in(analyst)
    assert "4321" in client.get("/dashboard/2024/").content.decode()
    _run(2024, 2, 8765)
    html = client.get("/dashboard/2024/").content.decode()
    assert "8765" in html
    assert "4321" not in html
    client.cookies["django_language"] = "fr"
    assert "Évolution sur les années" in client.get("/dashboard/2024/").content.decode()


def _queries(client: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _list(client)
    return [q["sql"] for q in queries.captured_queries]


def test_the_list_reads_no_record_and_as_many_queries_for_many_submissions(
    submitter: Any, analyst: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(3), period=2020)
    clients = {"submitter": logged_in(submitter), "analyst": logged_in(analyst)}
    for client in clients.values():
        _list(client)  # the first page of a session also renews the session
    few = {who: _queries(client) for who, client in clients.items()}
    for period in range(2021, 2031):
        store(ngo_org, victims_table(3), period=period)
    for who, client in clients.items():
        many = _queries(client)
        # One query per page of rows, whatever their number: no query per submission.
        assert len(many) == len(few[who]), who
        assert not any("submissions_record" in sql for sql in many), who
