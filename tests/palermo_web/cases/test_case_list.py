"""The case list, newest first: every case a caseworker may see, once, page after page.

The list merges the three ways an organisation sees a case (it owns it, decides on it,
or had it referred) instead of asking one query with OR; these tests hold it to what
that one query would answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from palermo.referral import Role
from palermo_web.cases import referrals
from palermo_web.cases.access import cases_for
from palermo_web.cases.listing import NewestCases
from palermo_web.cases.nrm import set_roles
from tests.palermo_web.cases.world import PARIS_TIME, register_case, request_by
from tests.palermo_web.personas import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen_three_ways(caseworker: Any, authority: Any, authority_org: Any) -> list[Any]:
    """Cases the authority owns and decides on, decides on, and was referred."""
    from zoneinfo import ZoneInfo

    set_roles(authority_org, {Role.COMPETENT_AUTHORITY, Role.FIRST_RESPONDER})
    start = datetime(2025, 3, 3, 9, tzinfo=ZoneInfo(PARIS_TIME))
    cases = []
    for n in range(7):
        by = authority if n % 3 == 0 else caseworker
        case = register_case(
            by, authority_org=authority_org, at=start + timedelta(hours=n)
        )
        if n % 3 == 1:
            # Decided on and referred for a service: seen two ways, listed once.
            referrals.refer(
                request_by(caseworker), case, authority_org, service="legal"
            )
        cases.append(case)
    # Same registration time as the newest: the id breaks the tie.
    cases.append(
        register_case(
            caseworker, authority_org=authority_org, at=start + timedelta(hours=6)
        )
    )
    return cases


def test_every_window_of_the_list_is_what_one_query_would_give(
    seen_three_ways: list[Any], authority: Any
) -> None:
    expected = list(
        cases_for(authority)
        .order_by("-registered_at", "-id")
        .values_list("pk", flat=True)
    )
    assert len(expected) == len(seen_three_ways)
    listed = NewestCases(authority)
    assert len(listed) == len(expected)
    for start in range(len(expected) + 1):
        for stop in range(start, len(expected) + 2):
            assert [c.pk for c in listed[start:stop]] == expected[start:stop]


def test_the_list_page_shows_every_case_once_newest_first(
    seen_three_ways: list[Any], authority: Any
) -> None:
    client = logged_in(authority)
    newest = sorted(
        seen_three_ways, key=lambda c: (c.registered_at, c.pk), reverse=True
    )
    page = client.get("/cases/").content.decode()
    table = page[page.index('<table id="cases">') :]  # not the referrals to answer
    assert [table.index(c.reference) for c in newest] == sorted(
        table.index(c.reference) for c in newest
    )
    for case in newest:
        assert table.count(case.reference) == 1
    assert "Referred" in table  # the state's label, looked up once per page


def test_a_filter_applies_to_every_way_a_case_is_seen(
    seen_three_ways: list[Any], authority: Any, caseworker: Any
) -> None:
    first = seen_three_ways[1]  # the NGO's, decided on and referred to the authority
    listed = NewestCases(authority, where=_pk(first.pk))
    assert [c.pk for c in listed[0:50]] == [first.pk]
    assert len(listed) == 1
    assert list(NewestCases(caseworker, where=_pk(seen_three_ways[0].pk))[0:50]) == []


def _pk(pk: int) -> Any:
    from django.db.models import Q

    return Q(pk=pk)
