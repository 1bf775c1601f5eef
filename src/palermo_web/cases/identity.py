"""Reading, writing and re-keying a case's encrypted identity.

Callers read an identity only for a person allowed to see the case and audit it (the
views do, through ``_get_case_for_user`` and an explicit identity event).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from palermo_web.cases.crypto import IDENTITY_FIELDS, rotate, seal, unseal
from palermo_web.cases.models import Case, Identity

logger = logging.getLogger(__name__)


def write_identity(case: Case, values: Mapping[str, object]) -> Identity:
    """Store ``values`` (field -> text or date; missing or blank: not known)."""
    identity = Identity.objects.filter(case=case).first() or Identity(case=case)
    for field in IDENTITY_FIELDS:
        value = values.get(field)
        if isinstance(value, date):
            value = value.isoformat()
        text = str(value).strip() if value is not None else ""
        setattr(identity, field, seal(text, case_id=case.pk, field=field))
    identity.updated_at = timezone.now()
    identity.save()
    return identity


def read_identity(case: Case) -> dict[str, str]:
    """The identity in clear (empty strings where not known or erased)."""
    identity = Identity.objects.filter(case=case).first()
    if identity is None:
        return dict.fromkeys(IDENTITY_FIELDS, "")
    return {
        f: unseal(getattr(identity, f), case_id=case.pk, field=f)
        for f in IDENTITY_FIELDS
    }


def identities_by_case(cases: list[int]) -> dict[int, dict[str, str]]:
    """Clear identities of several cases at once (the statistics export)."""
    found: dict[int, dict[str, str]] = {}
    for identity in Identity.objects.filter(case_id__in=cases).iterator(
        chunk_size=2000
    ):
        found[identity.case_id] = {
            f: unseal(getattr(identity, f), case_id=identity.case_id, field=f)
            for f in IDENTITY_FIELDS
        }
    return found


def rotate_keys(progress: Callable[[int, int], None] | None = None) -> int:
    """Re-encrypt every stored identity under the newest key; returns how many.

    Each row is rotated in its own small transaction, so the command can be stopped
    and run again: a row already under the newest key is simply rotated again.
    """
    total = Identity.objects.count()
    done = 0
    for pk in Identity.objects.values_list("pk", flat=True).iterator(chunk_size=2000):
        with transaction.atomic():
            identity = Identity.objects.select_for_update().get(pk=pk)
            for field in IDENTITY_FIELDS:
                setattr(identity, field, rotate(getattr(identity, field)))
            identity.save(update_fields=list(IDENTITY_FIELDS))
        done += 1
        if progress is not None:
            progress(done, total)
    logger.info("re-encrypted %d identities under the newest case key", done)
    return done
