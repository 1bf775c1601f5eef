"""The analyst's linkage threshold and clerical decisions, from the web and the API."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palermo_web.audit.models import AuditEvent
from palermo_web.runs import stages, worker
from palermo_web.runs.models import ClericalDecisions, Run
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table

pytestmark = pytest.mark.django_db

DECISIONS = (
    "source_l,record_id_l,source_r,record_id_r,decision,weight_name\n"
    "ngo-lyon,V00001,police-paris,P00001,same,3.2\n"
    "ngo-lyon,V00002,police-paris,P00002,not_same,-1.0\n"
    "ngo-lyon,V00003,police-paris,P00003,,0.1\n"
)


@pytest.fixture(autouse=True)
def runs_dir(settings: Any, tmp_path: Any) -> Any:
    settings.PALERMO_RUNS_DIR = tmp_path / "runs"
    settings.PALERMO_DISCLOSURE_THRESHOLD = 3
    return settings.PALERMO_RUNS_DIR


def test_an_analyst_sets_the_threshold_and_sees_it_on_the_run(analyst: Any) -> None:
    client = logged_in(analyst)
    response = client.post("/runs/", {"period": "2025", "threshold": "0.75"})
    run = Run.objects.get()
    assert response.status_code == 302
    assert run.link_threshold == 0.75
    assert '<span id="run-threshold">0.75</span>' in (
        client.get(f"/runs/{run.pk}/").content.decode()
    )
    assert AuditEvent.objects.get(action="create", object_type="run").detail == {
        "period": 2025,
        "threshold": 0.75,
    }


def test_without_a_threshold_a_run_uses_the_cores_default(analyst: Any) -> None:
    logged_in(analyst).post("/runs/", {"period": "2025"})
    assert Run.objects.get().link_threshold == 0.9


@pytest.mark.parametrize("threshold", ["0.3", "1", "0.9999", "x"])
def test_a_threshold_out_of_range_is_refused(analyst: Any, threshold: str) -> None:
    response = logged_in(analyst).post(
        "/runs/", {"period": "2025", "threshold": threshold}
    )
    assert response.status_code == 200
    assert not Run.objects.exists()


def test_the_api_starts_a_run_with_a_threshold(analyst: Any) -> None:
    client = logged_in(analyst)
    good = client.post(
        "/api/runs", {"period": 2025, "threshold": 0.8}, content_type="application/json"
    )
    assert good.status_code == 202
    assert good.json()["threshold"] == 0.8
    bad = client.post(
        "/api/runs", {"period": 2025, "threshold": 0.2}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert Run.objects.count() == 1


def _upload(client: Any, text: str, period: str = "2025") -> Any:
    return client.post(
        "/runs/clerical/",
        {"period": period, "file": SimpleUploadedFile("d.csv", text.encode())},
    )


def test_an_analyst_uploads_clerical_decisions_for_a_period(analyst: Any) -> None:
    client = logged_in(analyst)
    assert _upload(client, DECISIONS).status_code == 302
    stored = ClericalDecisions.objects.get(period=2025)
    assert (stored.same, stored.not_same) == (1, 1)
    # Only the five columns the linkage reads, and only decided rows, are kept.
    assert stored.content.splitlines() == [
        "source_l,record_id_l,source_r,record_id_r,decision",
        "ngo-lyon,V00001,police-paris,P00001,same",
        "ngo-lyon,V00002,police-paris,P00002,not_same",
    ]
    event = AuditEvent.objects.get(action="update", object_type="clerical_decisions")
    assert (event.object_id, event.detail["outcome"]) == ("2025", "stored")
    assert "2025" in client.get("/runs/clerical/").content.decode()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "source_l,record_id_l,source_r,record_id_r,decision\na,1,b,2,maybe\n",
            "Row 2, column decision",
        ),
        (
            "source_l,record_id_l,source_r,record_id_r,decision\na,1,b,2,same\n"
            "a,,b,3,same\n",
            "Row 3, column record_id_l: empty",
        ),
        ("source_l,record_id_l,decision\na,1,same\n", "source_r, record_id_r"),
    ],
)
def test_a_bad_decisions_file_is_refused_with_its_row_and_column(
    analyst: Any, text: str, problem: str
) -> None:
    response = _upload(logged_in(analyst), text)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not ClericalDecisions.objects.exists()
    event = AuditEvent.objects.get(action="update", object_type="clerical_decisions")
    assert event.detail["outcome"] == "rejected"


@pytest.mark.parametrize("persona", ["administrator", "submitter", "caseworker"])
def test_only_analysts_upload_clerical_decisions(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = logged_in(request.getfixturevalue(persona))
    assert _upload(client, DECISIONS).status_code == 403
    assert client.get("/runs/clerical/").status_code == 403
    assert not ClericalDecisions.objects.exists()


def _api_upload(client: Any, text: str, period: int = 2025) -> Any:
    file = SimpleUploadedFile("decisions.csv", text.encode(), "text/csv")
    return client.post(f"/api/clerical/{period}", {"file": file})


def test_the_api_stores_clerical_decisions_as_the_page_does(analyst: Any) -> None:
    response = _api_upload(logged_in(analyst), DECISIONS)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["period"], body["same"], body["not_same"]) == (2025, 1, 1)
    stored = ClericalDecisions.objects.get(period=2025)
    assert stored.sha256 == body["sha256"]
    event = AuditEvent.objects.get(action="update", object_type="clerical_decisions")
    assert event.detail["outcome"] == "stored"


def test_the_api_refuses_a_bad_decisions_file_whole(analyst: Any) -> None:
    text = "source_l,record_id_l,source_r,record_id_r,decision\na,1,b,2,maybe\n"
    response = _api_upload(logged_in(analyst), text)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]
    assert "Row 2, column decision" in body["issues"][0]["message"]
    assert not ClericalDecisions.objects.exists()


@pytest.mark.parametrize("persona", ["administrator", "submitter", "caseworker"])
def test_only_analysts_store_clerical_decisions_through_the_api(
    persona: str, request: pytest.FixtureRequest
) -> None:
    response = _api_upload(logged_in(request.getfixturevalue(persona)), DECISIONS)
    assert response.status_code == 403
    assert not ClericalDecisions.objects.exists()


def test_a_later_run_applies_the_threshold_and_the_periods_decisions(
    analyst: Any, ngo_org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def link_stage(records: Any, out: Any, config: Any, *, clerical: Any) -> Any:
        seen.update(config=config, clerical=clerical)
        return SimpleNamespace(summary={"persons": 0})

    monkeypatch.setattr(stages.pipeline, "link_stage", link_stage)
    store(ngo_org, victims_table(5))
    client = logged_in(analyst)
    _upload(client, DECISIONS, period="2025")
    _upload(client, DECISIONS.replace("not_same", "same"), period="2024")
    client.post("/runs/", {"period": "2025", "threshold": "0.7"})
    worker.run_pending()
    run = Run.objects.get()
    assert run.status == "succeeded", run.message
    assert seen["config"]["threshold"] == 0.7
    assert (len(seen["clerical"].same), len(seen["clerical"].not_same)) == (1, 1)
    assert run.summary["linkage"]["match threshold"] == 0.7
    assert run.summary["linkage"]["clerical decisions"] == 2
    dashboard = client.get("/dashboard/2025/").content.decode()
    assert "Match threshold (probability)" in dashboard
