"""Erasure per the country's rules, and the evaluation figures analysts see."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml

from palermo.referral import AgeStatus, CaseState, RetentionRules, minimum_config
from palermo_web.audit.models import AuditEvent
from palermo_web.cases import retention
from palermo_web.cases.evaluation import evaluate
from palermo_web.cases.identity import read_identity
from palermo_web.cases.models import CaseEvent, Identity
from tests.palermo_web.cases.world import decide, register_case
from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db
S = CaseState
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def country(tmp_path: Path, settings: Any) -> Path:
    config = replace(
        minimum_config("FR", "Europe/Paris"),
        retention=RetentionRules(
            identity_years_after_exit=2,
            unreferred_days_after_exit=30,
            child_years_after_majority=5,
            source="test figures",
        ),
    )
    path = tmp_path / "fr.yaml"
    path.write_text(yaml.safe_dump(config.to_dict()), encoding="utf-8")
    settings.PALERMO_REFERRAL_CONFIG = str(path)
    return path


def _closed(caseworker: Any, authority: Any, authority_org: Any, **options: Any) -> Any:
    with time_machine.travel(datetime(2023, 1, 9, 10, tzinfo=PARIS), tick=False):
        case = register_case(caseworker, authority_org=authority_org, **options)
    with time_machine.travel(datetime(2023, 1, 12, 10, tzinfo=PARIS), tick=True):
        return decide(
            case,
            authority,
            S.FIRST_DECISION_PENDING,
            S.REASONABLE_GROUNDS_NEGATIVE,
            S.EXIT,
        )


def test_closed_cases_are_erased_when_the_country_says_and_children_later(
    country: Path, caseworker: Any, authority: Any, authority_org: Any
) -> None:
    adult = _closed(caseworker, authority, authority_org)
    child = _closed(
        caseworker,
        authority,
        authority_org,
        age_status=AgeStatus.CHILD,
        consent=None,
        age=16,
        identity={"family_names": "Dumitru"},  # no date of birth: 16 at registration
    )
    open_case = register_case(caseworker, authority_org=authority_org)
    now = datetime(2025, 1, 13, 9, tzinfo=PARIS)
    assert [d.case_id for d in retention.purge(now, dry_run=True)] == [adult.pk]
    assert Identity.objects.filter(case=adult).exists()
    retention.purge(now)
    adult.refresh_from_db()
    assert adult.is_erased
    assert not Identity.objects.filter(case=adult).exists()
    assert not CaseEvent.objects.filter(case=adult).exclude(reason="").exists()
    assert adult.status == S.EXIT  # what the statistics count stays
    assert read_identity(child)["family_names"]
    assert read_identity(open_case)["family_names"]
    assert AuditEvent.objects.filter(
        action="delete", object_type="case_identity", object_id=str(adult.pk)
    ).exists()


def test_without_retention_rules_nothing_is_erased(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    _closed(caseworker, authority, authority_org)
    assert retention.purge(datetime(2090, 1, 1, tzinfo=PARIS)) == []


def test_the_owner_erases_on_request_and_the_case_page_says_so(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    assert logged_in(authority).post(f"/cases/{case.pk}/erase/").status_code == 403
    logged_in(caseworker).post(f"/cases/{case.pk}/erase/")
    page = logged_in(caseworker).get(f"/cases/{case.pk}/").content.decode()
    assert "was erased" in page
    assert "Popescu" not in page


def test_the_evaluation_gives_decision_times_and_withholds_small_figures(
    caseworker: Any, authority: Any, authority_org: Any, settings: Any
) -> None:
    settings.PALERMO_DISCLOSURE_THRESHOLD = 3
    # Referred on Monday 3 March 2025; decided on the 5th, 6th, 7th and 12th: the
    # last is past the 5 working days (Monday 10 March is the fifth).
    for day in (5, 6, 7, 12):
        case = register_case(
            caseworker,
            authority_org=authority_org,
            at=datetime(2025, 3, 3, 9, tzinfo=PARIS),
        )
        case.events.filter(state="referred").update(
            at=datetime(2025, 3, 3, 9, 30, tzinfo=PARIS)
        )
        decide(
            case,
            authority,
            S.FIRST_DECISION_PENDING,
            S.REASONABLE_GROUNDS_POSITIVE,
            at=datetime(2025, 3, day, 11, tzinfo=PARIS),
        )
    figures = evaluate(2025)
    assert figures.referred == 4
    assert figures.first["median_days"] == 3.5
    assert figures.first["within_target"] == 3
    assert figures.first["share_within_target"] == 0.75
    assert figures.conclusive["median_days"] is None  # none decided: withheld
    settings.PALERMO_DISCLOSURE_THRESHOLD = 5
    assert evaluate(2025).first["median_days"] is None


def test_analysts_see_the_figures_and_caseworkers_do_not(
    analyst: Any, caseworker: Any
) -> None:
    page = logged_in(analyst).get("/cases/evaluation/", {"period": "2025"})
    assert page.status_code == 200
    assert "median days from referral to the first decision" in page.content.decode()
    assert logged_in(caseworker).get("/cases/evaluation/").status_code == 403
    assert logged_in(analyst).get("/cases/").status_code == 403


def test_the_caseworker_is_alerted_before_the_first_decision_is_due(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    # Referred on Monday 3 March 2025: due by the end of Monday 10 March (5 working
    # days); the alert starts with the second-last working day, Friday 7 March.
    with time_machine.travel(datetime(2025, 3, 3, 9, tzinfo=PARIS), tick=False):
        case = register_case(caseworker, authority_org=authority_org)
    with time_machine.travel(datetime(2025, 3, 6, 23, 59, tzinfo=PARIS), tick=False):
        client = logged_in(authority)
        assert (
            case.reference
            not in client.get("/cases/", {"alerts": "1"}).content.decode()
        )
    with time_machine.travel(datetime(2025, 3, 7, 0, 0, tzinfo=PARIS), tick=False):
        client = logged_in(authority)
        listed = client.get("/cases/", {"alerts": "1"}).content.decode()
        assert case.reference in listed
        assert "due soon" in listed
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert "Due soon" in page
        assert "2025-03-10" in page
    with time_machine.travel(datetime(2025, 3, 11, 0, 0, tzinfo=PARIS), tick=False):
        client = logged_in(authority)
        assert "overdue" in client.get("/cases/", {"alerts": "1"}).content.decode()


def test_the_evaluation_api_refuses_a_period_that_is_not_a_year(analyst: Any) -> None:
    client = logged_in(analyst)
    assert client.get("/api/cases/evaluation/0").status_code == 422
    assert client.get("/api/cases/evaluation/2025").status_code == 200
