"""A case from registration to exit: the core's rules, stored one event a row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from palermo.errors import InputError
from palermo.referral import AgeStatus, CaseState, TransitionRefused
from palermo_web.audit.models import AuditEvent
from palermo_web.cases import services
from palermo_web.cases.history import history_of
from palermo_web.cases.models import Case, CaseEvent
from tests.palermo_web.cases.world import decide, register_case, request_by

pytestmark = pytest.mark.django_db
S = CaseState


def test_an_adult_who_consents_is_registered_and_referred_in_one_step(
    caseworker: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    assert case.status == S.REFERRED
    assert case.competent_authority == authority_org
    assert [e.state for e in case.events.order_by("seq")] == ["detected", "referred"]
    assert case.next_deadline_kind == "first_decision"
    assert AuditEvent.objects.filter(object_type="case", action="create").exists()


def test_an_adult_without_consent_stays_detected_and_may_leave_with_a_reason(
    caseworker: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, consent=False, authority_org=authority_org)
    assert case.status == S.DETECTED
    with pytest.raises(TransitionRefused, match="only with their consent"):
        services.move(
            request_by(caseworker), case, S.REFERRED, competent_authority=authority_org
        )
    case = services.move(request_by(caseworker), case, S.EXIT, reason="declined")
    assert case.status == S.EXIT


@pytest.mark.parametrize("age", [AgeStatus.CHILD, AgeStatus.UNCERTAIN])
def test_a_child_or_presumed_child_is_referred_without_consent(
    caseworker: Any, authority_org: Any, age: AgeStatus
) -> None:
    case = register_case(
        caseworker,
        age_status=age,
        consent=None,
        authority_org=authority_org,
        refer_now=False,
        age=None,
    )
    assert case.status == S.REFERRED
    assert case.consent_referral is None


def test_a_child_is_not_registered_without_a_competent_authority_to_refer_to(
    caseworker: Any,
) -> None:
    with pytest.raises(InputError, match="a child is always referred"):
        register_case(caseworker, age_status=AgeStatus.CHILD, authority_org=None)
    assert not Case.objects.exists()


def test_only_the_competent_authority_decides(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    with pytest.raises(TransitionRefused, match="may not move this case"):
        decide(case, caseworker, S.FIRST_DECISION_PENDING)
    case = decide(
        case,
        authority,
        S.FIRST_DECISION_PENDING,
        S.REASONABLE_GROUNDS_POSITIVE,
        S.RECOVERY_PERIOD,
    )
    assert case.status == S.RECOVERY_PERIOD
    history = history_of(case)
    assert [e.by_role.value for e in history.events[2:]] == ["competent_authority"] * 3
    assert history.state is S.RECOVERY_PERIOD


def test_the_case_manager_moves_the_case_on_after_the_decisions(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    case = decide(
        case,
        authority,
        S.FIRST_DECISION_PENDING,
        S.REASONABLE_GROUNDS_POSITIVE,
        S.RECOVERY_PERIOD,
        S.CONCLUSIVE_DECISION_PENDING,
        S.CONCLUSIVE_POSITIVE,
    )
    case = decide(case, caseworker, S.SUPPORT, S.EXIT)
    assert case.status == S.EXIT
    assert case.next_deadline_due is None
    assert CaseEvent.objects.filter(case=case).count() == 9


def test_a_refused_move_changes_nothing_and_says_why(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    decide(case, authority, S.FIRST_DECISION_PENDING)
    with pytest.raises(TransitionRefused, match="needs a reason"):
        services.move(request_by(authority), case, S.REASONABLE_GROUNDS_NEGATIVE)
    case.refresh_from_db()
    assert case.status == S.FIRST_DECISION_PENDING
    assert case.events.count() == 3


def test_a_move_dated_before_the_last_event_is_refused(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    with pytest.raises(TransitionRefused, match="before the case's last event"):
        services.move(
            request_by(authority),
            case,
            S.FIRST_DECISION_PENDING,
            at=timezone.now() - timedelta(days=3),
        )


def test_the_history_rebuilt_from_rows_is_the_history_the_core_made(
    caseworker: Any, authority: Any, authority_org: Any
) -> None:
    case = register_case(caseworker, authority_org=authority_org)
    case = decide(case, authority, S.FIRST_DECISION_PENDING)
    history = history_of(case)
    assert history.state is S.FIRST_DECISION_PENDING
    assert history.consent is True
    assert history.age_status is AgeStatus.ADULT
    rows = list(case.events.order_by("seq"))
    assert [r.seq for r in rows] == [0, 1, 2]
    with pytest.raises(ValueError, match="never changed"):
        rows[0].save()
