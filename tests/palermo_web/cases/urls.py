"""Every URL of the cases pages and API, with a request that exercises it.

Shared by the hub's outsider walker (tests/palermo_web/security/test_outsiders.py), for
which every one of them is refused, and by the cross-organisation test of the cases
(test_access.py), where ``own`` marks the pages any caseworker may open: they must show
nothing of another organisation's case. ``w`` has the ids of a case and a referral of
the NGO (``w.case``, ``w.referral``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseUrl:
    method: str
    path: Callable[[Any], str]
    data: dict[str, Any] | None = None
    json: bool = False
    own: bool = False
    analysts: bool = False


def _case(suffix: str = "") -> Callable[[Any], str]:
    return lambda w: f"/cases/{w.case}/{suffix}"


def _api(suffix: str = "") -> Callable[[Any], str]:
    return lambda w: f"/api/cases/{w.case}{suffix}"


MOVE = {"to": "first_decision_pending", "reason": "x"}
CASE_URLS: dict[str, CaseUrl] = {
    "cases:list": CaseUrl("get", lambda w: "/cases/", own=True),
    "cases:screen": CaseUrl("get", lambda w: "/cases/screening/", own=True),
    "cases:sheet": CaseUrl(
        "get", lambda w: "/cases/screening/sheets/adult_labour/", own=True
    ),
    "cases:register": CaseUrl("get", lambda w: "/cases/new/", own=True),
    "cases:evaluation": CaseUrl("get", lambda w: "/cases/evaluation/", analysts=True),
    "cases:export": CaseUrl(
        "post", lambda w: "/cases/evaluation/export/", {"period": "2025"}, analysts=True
    ),
    "cases:detail": CaseUrl("get", _case()),
    "cases:letter": CaseUrl("get", _case("letters/1/")),
    "cases:move": CaseUrl("post", _case("move/"), MOVE),
    "cases:consent": CaseUrl("post", _case("consent/"), {"referral": "no"}),
    "cases:age": CaseUrl("post", _case("age/"), {"age_status": "child"}),
    "cases:guardian": CaseUrl("post", _case("guardian/"), {}),
    "cases:best_interests": CaseUrl("post", _case("best-interests/"), {}),
    "cases:extend": CaseUrl("post", _case("extend/"), {"days": "5", "reason": "x"}),
    "cases:permit": CaseUrl("post", _case("permit/"), {"to": "reflection_period"}),
    "cases:identity": CaseUrl("post", _case("identity/"), {"family_names": "X"}),
    "cases:refer": CaseUrl(
        "post",
        _case("refer/"),
        {"kind": "transfer", "to_organisation": "police-paris"},
    ),
    "cases:erase": CaseUrl("post", _case("erase/"), {}),
    "cases:referral_respond": CaseUrl(
        "post", lambda w: f"/cases/referrals/{w.referral}/accept/", {}
    ),
    "api:screen_person": CaseUrl(
        "post",
        lambda w: "/api/screening",
        {"profile": "adult_labour", "answers": {}},
        json=True,
        own=True,
    ),
    "api:list_cases": CaseUrl("get", lambda w: "/api/cases", own=True),
    "api:register_case": CaseUrl(
        "post",
        lambda w: "/api/cases",
        {"age_status": "adult", "refer_now": False},
        json=True,
        own=True,
    ),
    "api:get_case": CaseUrl("get", _api()),
    "api:get_case_identity": CaseUrl("get", _api("/identity")),
    "api:put_case_identity": CaseUrl(
        "put", _api("/identity"), {"family_names": "X"}, json=True
    ),
    "api:move_case": CaseUrl("post", _api("/moves"), MOVE, json=True),
    "api:record_case_consent": CaseUrl(
        "post", _api("/consent"), {"referral": False}, json=True
    ),
    "api:record_case_age": CaseUrl(
        "post", _api("/age"), {"age_status": "child"}, json=True
    ),
    "api:record_case_guardian": CaseUrl("post", _api("/guardian"), {}, json=True),
    "api:record_case_best_interests": CaseUrl(
        "post", _api("/best-interests"), {}, json=True
    ),
    "api:extend_case_recovery": CaseUrl(
        "post", _api("/extensions"), {"days": 5, "reason": "x"}, json=True
    ),
    "api:record_case_permit": CaseUrl(
        "post", _api("/permits"), {"to": "reflection_period"}, json=True
    ),
    "api:get_case_deadlines": CaseUrl("get", _api("/deadlines")),
    "api:refer_case": CaseUrl(
        "post",
        _api("/referrals"),
        {"to_organisation": "police-paris", "kind": "transfer"},
        json=True,
    ),
    "api:list_referrals": CaseUrl("get", lambda w: "/api/referrals", own=True),
    "api:respond_to_referral": CaseUrl(
        "post", lambda w: f"/api/referrals/{w.referral}/accept", {}, json=True
    ),
    "api:erase_case": CaseUrl("post", _api("/erasure"), {}, json=True),
    "api:get_case_evaluation": CaseUrl(
        "get", lambda w: "/api/cases/evaluation/2025", analysts=True
    ),
    "api:export_case_statistics": CaseUrl(
        "post",
        lambda w: "/api/cases/statistics",
        {"period": 2025},
        json=True,
        analysts=True,
    ),
}
