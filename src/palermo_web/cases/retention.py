"""Erasing a case's identity: on request, or when the country's retention period ends.

Erasure removes what could say whose case it was - the encrypted identity, and every
free-text note (reasons of events, of permits and of referrals) - and keeps what the
statistics count (states, dates, codes). This is the one change ever made to the
append-only event rows, and it only blanks their text. The erased case stays in the
period's export, without identity, so published figures do not move.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.referral import erasure_date
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases.crypto import unseal
from palermo_web.cases.history import history_of
from palermo_web.cases.models import (
    Case,
    CaseEvent,
    Identity,
    PermitEvent,
    Referral,
    Status,
)
from palermo_web.cases.nrm import country_config

logger = logging.getLogger(__name__)


def erase(case: Case, *, why: str, request: HttpRequest | None = None) -> Case:
    """Erase the case's identity and notes now (idempotent).

    Args:
        why: ``request`` (the person asked), ``retention`` (the period ended) or
            another short code; recorded in the audit log, never free text.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        Identity.objects.filter(case=case).delete()
        CaseEvent.objects.filter(case=case).exclude(reason="").update(reason="")
        PermitEvent.objects.filter(case=case).exclude(reason="").update(reason="")
        Referral.objects.filter(case=case).update(note="", reason="")
        if case.erased_at is None:
            case.erased_at = timezone.now()
        case.screening = {
            k: v
            for k, v in case.screening.items()
            if k in ("profile", "form", "result")
        }
        case.save(update_fields=["erased_at", "screening"])
        record(
            request,
            Action.DELETE,
            "case_identity",
            case.pk,
            organisation=case.owner_id,
            detail={"why": why},
        )
    return case


@dataclass(frozen=True)
class Due:
    case_id: int
    erase_from: date


def _birth_date(case: Case) -> date | None:
    identity = Identity.objects.filter(case=case).first()
    if identity is None or not identity.date_of_birth:
        return None
    text = unseal(identity.date_of_birth, case_id=case.pk, field="date_of_birth")
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def due_for_erasure(now: datetime | None = None) -> list[Due]:
    """Closed cases whose identity the country's rules say to erase by ``now``."""
    config = country_config()
    rules = config.retention
    if not rules.is_set:
        return []
    today = (now or timezone.now()).astimezone(config.zone).date()
    found = []
    closed = Case.objects.filter(status=Status.EXIT, erased_at__isnull=True)
    for case in closed.iterator(chunk_size=500):
        history = history_of(case)
        when = erasure_date(
            history,
            rules,
            config.zone,
            birth_date=_birth_date(case) if case.is_treated_as_child else None,
            age_at_opening=case.age,
        )
        if when is not None and when <= today:
            found.append(Due(case.pk, when))
    return found


def purge(now: datetime | None = None, *, dry_run: bool = False) -> list[Due]:
    """Erase every case that is due (or only list them with ``dry_run``)."""
    due = due_for_erasure(now)
    if not dry_run:
        for item in due:
            erase(Case.objects.get(pk=item.case_id), why="retention")
    logger.info(
        "%d case(s) due for erasure%s", len(due), " (dry run)" if dry_run else ""
    )
    return due
