"""The dashboard: stored figures as charts, suppressed cells shown as suppressed."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palermo_web.dashboard import charts
from palermo_web.runs import worker
from palermo_web.runs.models import Run
from palermo_web.runs.summary import breakdowns, suppress
from tests.palermo_web.personas import logged_in
from tests.palermo_web.stored import store, victims_table


def test_small_counts_are_suppressed_and_a_lone_one_takes_a_second_with_it() -> None:
    cells = suppress(
        [("female", 40), ("male", 2), ("other", 9), ("unknown", 0)], threshold=5
    )
    hidden = [c["code"] for c in cells if c["suppressed"]]
    assert hidden == ["male", "other"]
    assert all(c["count"] is None for c in cells if c["suppressed"])
    assert {c["code"]: c["count"] for c in cells}["unknown"] == 0  # a true zero stays


def test_no_suppressed_cell_can_be_recovered_from_the_total() -> None:
    cells = suppress([("a", 50), ("b", 1), ("c", 30)], threshold=5)
    shown = sum(c["count"] for c in cells if not c["suppressed"])
    assert sum(1 for c in cells if c["suppressed"]) >= 2
    assert shown < 81


def test_breakdowns_count_each_form_once_per_person() -> None:
    units = pa.table(
        {
            "sex": ["female", "male"],
            "age": pa.array([15, None], pa.int64()),
            "citizenship_group": ["non_eu", "other_eu"],
            "forms_of_exploitation": [["sexual", "labour"], ["labour"]],
        }
    )
    result = breakdowns(units, threshold=1)
    forms = {c["code"]: c["count"] for c in result["form_of_exploitation"]}
    assert forms == {"labour": 2, "sexual": 1}
    ages = {c["code"]: c["count"] for c in result["age_group"]}
    assert ages["12-17"] == 1
    assert ages["unknown"] == 1


def test_a_suppressed_cell_is_drawn_as_suppressed_never_as_a_bar() -> None:
    svg = str(
        charts.bar_chart([charts.Bar("Female", 40), charts.Bar("Male", None)], "Sex")
    )
    assert svg.count('class="bar"') == 1
    assert "suppressed" in svg


def test_chart_labels_are_escaped() -> None:
    svg = str(charts.bar_chart([charts.Bar("<script>x</script>", 3)], "t"))
    assert "<script>" not in svg


def test_a_missing_year_in_the_trend_is_a_gap_not_a_zero() -> None:
    svg = str(charts.line_chart([("2023", 10), ("2024", None), ("2025", 12)], "trend"))
    assert "polyline" not in svg  # no segment joins across the gap
    assert svg.count("<circle") == 2


@pytest.mark.django_db
def test_the_dashboard_is_drawn_from_the_stored_run_without_touching_records(
    analyst: Any, ngo_org: Any, settings: Any, tmp_path: Any
) -> None:
    settings.PALERMO_RUNS_DIR = tmp_path
    store(ngo_org, victims_table(60))
    Run.request(2025, analyst)
    worker.run_pending()
    client = logged_in(analyst)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/dashboard/2025/")
    assert page.status_code == 200
    assert not any("submissions_record" in q["sql"] for q in queries.captured_queries)
    html = page.content.decode()
    assert html.count("<svg") >= 5
    assert "Persons by sex" in html


@pytest.mark.django_db
def test_the_dashboard_of_a_period_without_a_run_is_not_found(analyst: Any) -> None:
    client = logged_in(analyst)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/1999/").status_code == 404


def test_the_estimate_is_read_from_what_the_estimation_stage_returns() -> None:
    from palermo_web.runs.stages import _estimate

    stored = _estimate(
        {
            "estimate": 812.4,
            "ci_low": 640.0,
            "ci_high": 1101.9,
            "ci_kind": "profile",
            "confidence": 0.95,
            "model": ["A", "B", "A:B"],
            "observed": 500,
        }
    )
    assert stored == {
        "estimate": 812.4,
        "lower": 640.0,
        "upper": 1101.9,
        "confidence": 0.95,
        "interval": "profile",
        "model": "A + B + A:B",
        "observed": 500,
    }


@pytest.mark.django_db
def test_the_dashboard_draws_the_estimate_with_its_interval(analyst: Any) -> None:
    from django.utils import timezone

    Run.objects.create(
        period=2024,
        version=1,
        status="succeeded",
        finished_at=timezone.now(),
        summary={
            "period": 2024,
            "basis": "persons",
            "threshold": 5,
            "victim_records": 700,
            "persons": 500,
            "organisations": [],
            "breakdowns": {},
            "linkage": {},
            "estimate": {"estimate": 812.4, "lower": 640.0, "upper": 1101.9},
        },
    )
    html = logged_in(analyst).get("/dashboard/2024/").content.decode()
    assert 'class="band"' in html
    assert "812" in html


def _linkage_run(threshold: int = 5) -> None:
    from django.utils import timezone

    Run.objects.create(
        period=2023,
        version=1,
        status="succeeded",
        finished_at=timezone.now(),
        summary={
            "period": 2023,
            "basis": "persons",
            "threshold": threshold,
            "victim_records": 1200,
            "persons": 1000,
            "organisations": [],
            "breakdowns": {},
            "linkage": {
                "records": 1200,
                "persons": 1000,
                "records_per_person": 1.2,
                "persons_seen_more_than_once": 150,
                "persons_in_several_sources": 90,
                "sources": 3,
                "mode": "plain",
                "expected precision": 0.9876,
                "expected recall": 0.95,
                "pairs for review": 12,
            },
            "estimate": {"estimate": 1400.0, "lower": 1200.0, "upper": 1700.0},
        },
    )


RAW_KEYS = [
    f"<th>{key}</th>"
    for key in (
        "records",
        "persons",
        "records_per_person",
        "persons_seen_more_than_once",
        "persons_in_several_sources",
        "sources",
        "mode",
        "expected precision",
        "expected recall",
        "pairs for review",
    )
] + ['"num">plain<']


@pytest.fixture
def back_to_english() -> Any:
    # The language view activates French for the test's thread: leave it as found.
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.mark.django_db
def test_the_linkage_quality_is_in_words_in_english(analyst: Any) -> None:
    _linkage_run()
    html = logged_in(analyst).get("/dashboard/2023/").content.decode()
    assert [k for k in RAW_KEYS if k in html] == []
    assert "Records per person" in html
    assert 'Expected precision</th><td class="num">98.8%' in html
    assert "plain (identities in clear)" in html
    assert "1,200" in html
    assert "counts from 1 to 4 are suppressed" in html


@pytest.mark.django_db
def test_the_dashboard_is_in_french_for_a_french_reader(
    analyst: Any, back_to_english: None
) -> None:
    _linkage_run(threshold=10)
    client = logged_in(analyst)
    client.post("/language/", {"language": "fr"})
    html = client.get("/dashboard/2023/").content.decode()
    assert [k for k in RAW_KEYS if k in html] == []
    assert "Enregistrements par personne" in html
    assert 'Précision attendue</th><td class="num">98,8\u00a0%' in html
    assert "en clair" in html
    assert "les effectifs de 1 à 9 sont masqués" in html
    assert "moins un" not in html
    assert "observed" not in html
    assert "observées" in html
