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
from palermo_web.cases.access import case_parts_for, cases_for
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


def _filters(cases: list[Any]) -> dict[str, Any]:
    from django.db.models import Q

    return {
        "none": Q(),
        "one state": Q(status=cases[0].status),
        "one owner": Q(owner_id=cases[0].owner_id),
        "the other owners": ~Q(owner_id=cases[0].owner_id),
        "deadline alerts": Q(next_alert_at__isnull=False),
        "some cases": Q(pk__in=[c.pk for c in cases[::2]]),
    }


@pytest.mark.parametrize(
    "name",
    [
        "none",
        "one state",
        "one owner",
        "the other owners",
        "deadline alerts",
        "some cases",
    ],
)
def test_every_window_of_the_list_is_what_one_query_would_give(
    seen_three_ways: list[Any], authority: Any, name: str
) -> None:
    where = _filters(seen_three_ways)[name]
    expected = list(
        cases_for(authority)
        .filter(where)
        .order_by("-registered_at", "-id")
        .values_list("pk", flat=True)
    )
    assert expected
    # Read before and after counting: a Paginator counts first, and then reads a
    # window past the middle from the list's end.
    for counted in (False, True):
        listed = NewestCases(authority, where)
        if counted:
            assert len(listed) == len(expected)
        for start in range(len(expected) + 1):
            for stop in range(start, len(expected) + 2):
                assert [c.pk for c in listed[start:stop]] == expected[start:stop]
    assert len(NewestCases(authority)) == len(seen_three_ways)


def test_each_case_seen_is_in_exactly_one_part(
    seen_three_ways: list[Any], authority: Any
) -> None:
    parts = [set(p.values_list("pk", flat=True)) for p in case_parts_for(authority)]
    seen = set(cases_for(authority).values_list("pk", flat=True))
    assert set().union(*parts) == seen
    assert sum(len(p) for p in parts) == len(seen)  # so counts add up
    owned, decided, only_referred = parts
    assert owned
    assert decided
    assert not only_referred  # what was referred to it, it decides on already


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
