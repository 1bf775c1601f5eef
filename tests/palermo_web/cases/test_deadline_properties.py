"""The deadlines a caseworker is shown are the core's, across weekends, public
holidays and clock changes, after the round trip through the database and the API.

The countries, zones (one whose clock changes at midnight) and the checks of the
counting itself are the core's own (tests/palermo/referral/test_referral_deadlines.py);
here each generated moment becomes a stored case, and what the API shows is compared
with what the core computes from the moment itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.referral import CaseState, CountryConfig, DeadlineKind, deadline_for
from palermo.referral._calendar import WorkingCalendar
from palermo_web.cases import services
from palermo_web.cases.models import Case
from tests.palermo.referral.test_referral_deadlines import (
    CONFIGS,
    assert_ends_at_the_end_of,
)
from tests.palermo_web.cases.world import register_case, request_by
from tests.palermo_web.personas import logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
S = CaseState
PROPERTIES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def config_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("configs")
    files = []
    for n, config in enumerate(CONFIGS):
        path = folder / f"country-{n}.yaml"
        path.write_text(yaml.safe_dump(config.to_dict()), encoding="utf-8")
        files.append(path)
    return files


@st.composite
def moments(draw: st.DrawFn) -> tuple[int, datetime]:
    index = draw(st.integers(min_value=0, max_value=len(CONFIGS) - 1))
    moment = draw(
        st.datetimes(
            min_value=datetime(2019, 1, 1),
            max_value=datetime(2031, 12, 31),
            timezones=st.just(CONFIGS[index].zone),
            allow_imaginary=False,
        )
    )
    return index, moment


def before(at: datetime, *, minutes: int) -> datetime:
    # In UTC: a wall-clock subtraction across a clock change lands after ``at``.
    return (at.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(at.tzinfo)


def _shown(client: Any, case: Case) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/cases/{case.pk}/deadlines")
    assert response.status_code == 200
    return {d["kind"]: d for d in response.json()}


def _due(shown: dict[str, Any], zone: Any) -> tuple[datetime, date]:
    return datetime.fromisoformat(shown["due"]), date.fromisoformat(shown["last_day"])


def _check(shown: dict[str, Any], expected: Any, zone: Any) -> None:
    due, last_day = _due(shown, zone)
    assert last_day == expected.last_day
    assert due.astimezone(UTC) == expected.due.astimezone(UTC)
    assert_ends_at_the_end_of(due, last_day, zone)


@PROPERTIES
@given(moments(), st.integers(min_value=1, max_value=12))
def test_the_first_decision_deadline_shown_is_the_nth_working_day_after_referral(
    config_files: list[Path],
    caseworker: Any,
    authority: Any,
    authority_org: Any,
    start: tuple[int, datetime],
    n: int,
) -> None:
    index, at = start
    config = replace(CONFIGS[index], first_decision_working_days=n)
    path = config_files[index].with_name(f"first-{index}-{n}.yaml")
    path.write_text(yaml.safe_dump(config.to_dict()), encoding="utf-8")
    with override_settings(PALERMO_REFERRAL_CONFIG=str(path)), transaction.atomic():
        case = register_case(
            caseworker,
            authority_org=authority_org,
            refer_now=False,
            at=before(at, minutes=1),
        )
        case = services.move(
            request_by(caseworker),
            case,
            S.REFERRED,
            at=at,
            competent_authority=authority_org,
        )
        shown = _shown(logged_in(authority), case)["first_decision"]
        expected = deadline_for(DeadlineKind.FIRST_DECISION, at, config)
        assert expected is not None
        _check(shown, expected, config.zone)
        days = WorkingCalendar(config)
        _due_at, last_day = _due(shown, config.zone)
        assert days.is_working_day(last_day)
        assert (
            days.working_days_between(at.astimezone(config.zone).date(), last_day) == n
        )
        # The list sorts and alerts on the stored copy: it must be the same instant.
        stored = Case.objects.get(pk=case.pk)
        assert stored.next_deadline_due == expected.due.astimezone(UTC)
        assert stored.next_alert_at == expected.alert_at.astimezone(UTC)
        transaction.set_rollback(True)


@PROPERTIES
@given(moments(), st.integers(min_value=30, max_value=120), st.booleans())
def test_the_recovery_period_shown_ends_at_the_end_of_the_nth_local_day(
    config_files: list[Path],
    caseworker: Any,
    authority: Any,
    authority_org: Any,
    start: tuple[int, datetime],
    n: int,
    roll: bool,
) -> None:
    index, at = start
    config: CountryConfig = replace(
        CONFIGS[index], recovery_period_days=n, roll_to_working_day=roll
    )
    path = config_files[index].with_name(f"recovery-{index}-{n}-{roll}.yaml")
    path.write_text(yaml.safe_dump(config.to_dict()), encoding="utf-8")
    with override_settings(PALERMO_REFERRAL_CONFIG=str(path)), transaction.atomic():
        case = register_case(
            caseworker,
            authority_org=authority_org,
            refer_now=False,
            at=before(at, minutes=4),
        )
        steps = [
            (caseworker, S.REFERRED),
            (authority, S.FIRST_DECISION_PENDING),
            (authority, S.REASONABLE_GROUNDS_POSITIVE),
            (authority, S.RECOVERY_PERIOD),
        ]
        for k, (who, target) in enumerate(steps):
            case = services.move(
                request_by(who),
                case,
                target,
                at=before(at, minutes=3 - k),
                competent_authority=authority_org,
            )
        shown = _shown(logged_in(authority), case)["recovery_period_end"]
        expected = deadline_for(DeadlineKind.RECOVERY_PERIOD_END, at, config)
        assert expected is not None
        _check(shown, expected, config.zone)
        nominal = at.astimezone(config.zone).date() + timedelta(days=n)
        _due_at, last_day = _due(shown, config.zone)
        assert last_day == nominal or (roll and last_day > nominal)
        transaction.set_rollback(True)
