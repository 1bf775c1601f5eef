"""The figures an evaluation of the mechanism needs, for analysts: no case, no person.

How long decisions take (median days from referral to the first and the conclusive
decision, share within the country's target), how long children wait for a guardian,
and how many cases stand where. Computed by :mod:`palermo.referral.evaluation` from the
histories of the cases referred in a period; a figure drawn from fewer cases than the
hub's disclosure threshold is withheld.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from statistics import median
from typing import Any

from django.conf import settings
from django.utils import timezone

from palermo.referral import (
    Action,
    CaseHistory,
    CaseState,
    decision_times,
    guardian_days,
)
from palermo_web.cases.export import period_bounds
from palermo_web.cases.history import event_of
from palermo_web.cases.models import Case, CaseEvent
from palermo_web.cases.nrm import country_config


@dataclass(frozen=True)
class Evaluation:
    """The figures of one period (cases first referred in it)."""

    period: int
    threshold: int
    registered: int
    referred: int
    children: int
    first: dict[str, Any]
    conclusive: dict[str, Any]
    guardian_cases: int
    guardian_median_days: float | None
    best_interests_assessed: int | None
    by_state: dict[str, int | None]
    config: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _withheld(figures: dict[str, Any], count: int, threshold: int) -> dict[str, Any]:
    if count >= threshold:
        return figures
    hidden = {"median_days", "median_working_days", "share_within_target"}
    return {k: (None if k in hidden else v) for k, v in figures.items()}


def _histories(period: int) -> tuple[int, list[CaseHistory]]:
    start, end = period_bounds(period)
    registered = Case.objects.filter(registered_at__gte=start, registered_at__lt=end)
    referred_ids = (
        CaseEvent.objects.filter(
            action=Action.TRANSITION.value,
            state=CaseState.REFERRED.value,
            seq__gte=1,
            at__gte=start,
            at__lt=end,
        )
        .values_list("case_id", flat=True)
        .distinct()
    )
    rows: dict[int, list[CaseEvent]] = defaultdict(list)
    for row in (
        CaseEvent.objects.filter(case_id__in=referred_ids)
        .only(
            "case_id",
            "action",
            "at",
            "by_role",
            "state",
            "days",
            "age_status",
            "consent",
        )
        .order_by("case_id", "seq")
        .iterator(chunk_size=5000)
    ):
        rows[row.case_id].append(row)
    histories = [CaseHistory(tuple(event_of(r) for r in evs)) for evs in rows.values()]
    # A case re-referred later counts in the period of its first referral.
    first = [
        h
        for h in histories
        if start <= (h.entered(CaseState.REFERRED, first=True) or start) < end
    ]
    return registered.count(), first


def evaluate(period: int, now: datetime | None = None) -> Evaluation:
    """The evaluation figures of the cases first referred in ``period``."""
    config = country_config()
    threshold = int(getattr(settings, "PALERMO_DISCLOSURE_THRESHOLD", 5))
    now = now or timezone.now()
    registered, histories = _histories(period)
    first = decision_times(histories, config, "first", now=now).to_dict()
    conclusive = decision_times(histories, config, "conclusive", now=now).to_dict()
    children = [h for h in histories if h.is_treated_as_child]
    waits = guardian_days(children, config)
    states = Counter(h.state.value for h in histories)
    return Evaluation(
        period=period,
        threshold=threshold,
        registered=registered,
        referred=len(histories),
        children=len(children),
        first=_withheld(first, first["decided"], threshold),
        conclusive=_withheld(conclusive, conclusive["decided"], threshold),
        guardian_cases=len(waits),
        guardian_median_days=float(median(waits)) if len(waits) >= threshold else None,
        best_interests_assessed=sum(h.has_best_interests_assessment for h in children),
        by_state={
            s.value: (states[s.value] if states[s.value] >= threshold else None)
            if states[s.value]
            else 0
            for s in CaseState
        },
        config=config.to_dict(),
    )
