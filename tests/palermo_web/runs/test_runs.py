"""Pipeline runs: queued in the database, claimed once, stored apart, versioned."""

from __future__ import annotations

import importlib
import threading
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from palermo_web.runs import worker
from palermo_web.runs.models import Run, Status
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def runs_dir(settings: Any, tmp_path: Any) -> Any:
    settings.PALERMO_RUNS_DIR = tmp_path / "runs"
    settings.PALERMO_DISCLOSURE_THRESHOLD = 3
    return settings.PALERMO_RUNS_DIR


def test_an_analyst_starts_a_run_and_it_is_queued_with_the_next_version(
    analyst: Any,
) -> None:
    client = logged_in(analyst)
    first = client.post("/runs/", {"period": "2025"})
    second = client.post("/runs/", {"period": "2025"})
    assert first.status_code == second.status_code == 302
    assert list(Run.objects.order_by("version").values_list("version", "status")) == [
        (1, "queued"),
        (2, "queued"),
    ]


def test_only_one_worker_wins_a_queued_run(analyst: Any) -> None:
    run = Run.request(2025, analyst)
    first = worker.claim_next("worker-a")
    second = worker.claim_next("worker-b")
    assert first is not None
    assert first.pk == run.pk
    assert second is None
    assert Run.objects.get(pk=run.pk).worker == "worker-a"


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs concurrent connections"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_share_a_run() -> None:
    for _ in range(6):
        Run.request(2025, None)
    claimed: list[int] = []

    def claim() -> None:
        while (run := worker.claim_next()) is not None:
            claimed.append(run.pk)
        connection.close()

    threads = [threading.Thread(target=claim) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(Run.objects.values_list("pk", flat=True))


def test_a_run_reads_the_current_records_and_stores_the_dashboard_figures(
    analyst: Any, ngo_org: Any, police_org: Any
) -> None:
    store(ngo_org, victims_table(40))
    store(police_org, victims_table(2, "police-paris"))
    run = Run.request(2025, analyst)
    assert worker.run_pending() == 1
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED, run.message
    summary = run.summary
    assert summary["victim_records"] == 42
    assert summary["basis"] in {"records", "persons"}
    sexes = {c["code"]: c for c in summary["breakdowns"]["sex"]}
    assert sexes["female"]["count"] + sexes["male"]["count"] == 42
    assert {o["organisation"] for o in summary["organisations"]} == {
        "ngo-lyon",
        "police-paris",
    }
    assert run.directory.is_dir()
    assert [s["stage"] for s in run.stages][0] == "records"


def test_two_runs_of_a_period_keep_their_outputs_apart(
    analyst: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(10))
    Run.request(2025, analyst)
    Run.request(2025, analyst)
    worker.run_pending()
    runs = list(Run.objects.order_by("version"))
    assert [r.status for r in runs] == ["succeeded", "succeeded"]
    assert runs[0].directory != runs[1].directory
    assert runs[0].directory.is_dir()
    assert runs[1].directory.is_dir()


def test_a_failing_run_leaves_no_outputs_and_says_why(
    analyst: Any, ngo_org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palermo.errors import LinkageError
    from palermo_web.runs import stages

    def broken(ctx: Any) -> str:
        raise LinkageError("linkage needs at least two records")

    monkeypatch.setattr(
        stages, "STAGES", [("records", stages.records_stage), ("link", broken)]
    )
    monkeypatch.setattr(worker, "STAGES", stages.STAGES)
    run = Run.request(2025, analyst)
    worker.run_pending()
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.message == "linkage needs at least two records"
    assert not run.directory.exists()
    assert list(run.directory.parent.iterdir()) == []


def test_an_unexpected_error_is_reported_without_its_details(
    analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:

    def broken(ctx: Any) -> str:
        raise ValueError("Quaresmovitch")

    monkeypatch.setattr(worker, "STAGES", [("records", broken)])
    run = Run.request(2025, analyst)
    worker.run_pending()
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "Quaresmovitch" not in run.message


def test_a_run_whose_worker_died_is_failed_so_the_queue_moves_on(analyst: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    run = Run.request(2025, analyst)
    worker.claim_next()
    Run.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    assert worker.fail_stale_runs() == 1
    assert Run.objects.get(pk=run.pk).status == Status.FAILED


def test_the_run_page_shows_progress_and_links_the_dashboard(
    analyst: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(10))
    run = Run.request(2025, analyst)
    client = logged_in(analyst)
    queued = client.get(f"/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in queued
    worker.run_pending()
    done = client.get(f"/runs/{run.pk}/").content.decode()
    assert "/dashboard/2025/" in done
    assert 'http-equiv="refresh"' not in done


def test_an_output_is_downloaded_only_by_its_index(analyst: Any, ngo_org: Any) -> None:
    run = Run.request(2025, analyst)
    worker.run_pending()
    client = logged_in(analyst)
    assert client.get(f"/runs/{run.pk}/outputs/99/").status_code == 404


def test_a_finished_run_keeps_no_copy_of_the_records(
    analyst: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(10))
    run = Run.request(2025, analyst)
    worker.run_pending()
    run.refresh_from_db()
    assert not (run.directory / "records").exists()
    assert all(not o["path"].startswith("records/") for o in run.outputs)


def _french_run_page(analyst: Any, run: Run) -> str:
    client = logged_in(analyst)
    client.post("/language/", {"language": "fr"})
    return client.get(f"/runs/{run.pk}/").content.decode()


def test_the_run_page_says_stages_and_outcomes_in_the_readers_language(
    analyst: Any, ngo_org: Any
) -> None:
    store(ngo_org, victims_table(10))
    run = Run.request(2025, analyst)
    worker.run_pending()
    run.refresh_from_db()
    # The run stores codes and counts, never sentences.
    assert run.stages[0] == {"stage": "records", "outcome": "records", "count": 10}
    html = _french_run_page(analyst, run)
    assert "10 enregistrements lus" in html
    assert "tableau de bord enregistré" in html
    for english in ("10 records", "dashboard stored", "<td>records</td>"):
        assert english not in html


def test_a_running_stage_is_named_in_the_readers_language(analyst: Any) -> None:
    run = Run.request(2025, analyst)
    Run.objects.filter(pk=run.pk).update(status="running", stage="link")
    html = _french_run_page(analyst, run)
    assert "étape: appariement" in html
    assert ": link<" not in html


def test_a_run_stored_with_english_sentences_still_reads_in_french(
    analyst: Any,
) -> None:
    # Migration runs/0003 rewrites older runs' sentences as codes.
    migration = importlib.import_module(
        "palermo_web.runs.migrations.0003_run_stage_codes"
    )
    run = Run.request(2024, analyst)
    old = [
        {"stage": "records", "outcome": "177 records"},
        {"stage": "link", "outcome": "persons linked"},
        {"stage": "tables", "outcome": "tables written"},
        {"stage": "estimate", "outcome": "no estimate: only one source"},
        {"stage": "dashboard", "outcome": "dashboard stored"},
        {"stage": "extra", "outcome": "something else"},
    ]
    Run.objects.filter(pk=run.pk).update(
        status="failed", stages=old, message="the worker stopped"
    )
    migration.forwards(django_apps, None)
    stored = Run.objects.get(pk=run.pk).stages
    assert stored[0] == {"stage": "records", "outcome": "records", "count": 177}
    assert stored[3] == {
        "stage": "estimate",
        "outcome": "no_estimate",
        "reason": "only one source",
    }
    assert stored[5] == old[5]
    html = _french_run_page(analyst, run)
    for french in (
        "177 enregistrements lus",
        "personnes appariées",
        "tableaux écrits",
        "pas d&#x27;estimation : only one source",
        "tableau de bord enregistré",
        "something else",
        "le traitement s&#x27;est interrompu",
    ):
        assert french in html
