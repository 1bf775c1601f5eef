"""The cases of a reference period as standard victim records, submitted like any source.

The hub's case module is a source organisation of its own (``PALERMO_CASES_SOURCE``,
``nrm-cases`` by default). Each period, its cases are written as records of the common
data standard and go through the same path as every other source's file: encoded at
source when the case module holds a linkage key (``PALERMO_CASES_LINKAGE_KEY_FILE``,
the ``palermo encode`` scheme), then validated and stored by the hub's submission
service as a new version. Nothing about a case reaches the statistics another way.

An erased case still counts: its record has its codes and dates but no identity.
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from palermo.errors import InputError
from palermo.referral import Action, CaseHistory, CaseState, PermitState
from palermo.standard import NOT_APPLICABLE, UNKNOWN, FieldType, Kind, fields_of
from palermo_web.cases.history import event_of
from palermo_web.cases.identity import identities_by_case
from palermo_web.cases.models import Case, CaseEvent, PermitEvent, Referral
from palermo_web.cases.nrm import country_config, is_third_country_national

logger = logging.getLogger(__name__)

_ARROW = {
    FieldType.STRING: pa.string(),
    FieldType.CODE: pa.string(),
    FieldType.CODES: pa.list_(pa.string()),
    FieldType.DATE: pa.date32(),
    FieldType.INTEGER: pa.int64(),
    FieldType.NUMBER: pa.float64(),
}
ASSISTED_STATES = frozenset({CaseState.RECOVERY_PERIOD, CaseState.SUPPORT})
PERMIT_CODES = {
    PermitState.GRANTED.value: "granted",
    PermitState.RENEWED.value: "renewed",
    PermitState.REFUSED.value: "refused",
}


def source_organisation() -> Any:
    """The organisation the case module submits as, registered on first use."""
    from palermo_web.organisations.models import Organisation

    source_id = settings.PALERMO_CASES_SOURCE
    found = Organisation.objects.filter(pk=source_id).first()
    if found is not None:
        return found
    from palermo_web.organisations.services import add_organisation

    return add_organisation(
        source_id,
        name="National referral mechanism (cases of the hub)",
        organisation_type=settings.PALERMO_CASES_SOURCE_TYPE,
        country=country_config().country,
    )


def period_bounds(period: int) -> tuple[datetime, datetime]:
    """The first instant of the year and of the next, in the country's time zone."""
    zone = country_config().zone
    return (
        datetime.combine(date(period, 1, 1), time(0), zone),
        datetime.combine(date(period + 1, 1, 1), time(0), zone),
    )


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _child_code(case: Case) -> str:
    if case.age is not None:
        return "yes" if case.age < 18 else "no"
    return {"adult": "no", "child": "yes"}.get(case.age_status, UNKNOWN)


def _record(
    case: Case,
    history: CaseHistory,
    permits: list[str],
    assisted_by_referral: bool,
    identity: dict[str, str],
    source: Any,
) -> dict[str, Any]:
    zone = country_config().zone
    entered = {e.state for e in history.events if e.action is Action.TRANSITION}
    is_child = case.is_treated_as_child
    born = _iso_date(identity.get("date_of_birth", ""))
    granted = [PERMIT_CODES[p] for p in permits if p in PERMIT_CODES]
    assisted = bool(entered & ASSISTED_STATES) or assisted_by_referral
    declined = (
        CaseState.REASONABLE_GROUNDS_POSITIVE in entered
        and CaseState.RECOVERY_PERIOD not in entered
        and CaseState.CONCLUSIVE_DECISION_PENDING in entered
    )
    return {
        "source_record_id": case.reference,
        "organisation_id": source.pk,
        "organisation_type": source.organisation_type,
        "registration_date": case.registered_at.astimezone(zone).date(),
        "status": "identified"
        if CaseState.CONCLUSIVE_POSITIVE in entered
        else "presumed",
        "given_names": identity.get("given_names") or None,
        "family_names": identity.get("family_names") or None,
        "date_of_birth": born,
        "birth_year": born.year if born else None,
        "place_of_birth": identity.get("place_of_birth") or None,
        "document_number": identity.get("document_number") or None,
        "sex": case.sex,
        "age": case.age,
        "child": _child_code(case),
        "citizenship": case.citizenship,
        "forms_of_exploitation": list(case.forms_of_exploitation) or [UNKNOWN],
        "country_of_exploitation": case.country_of_exploitation,
        "recruitment_country": case.recruitment_country,
        "assistance_received": "yes"
        if assisted
        else ("no" if history.state is CaseState.EXIT else UNKNOWN),
        "reflection_period": "granted"
        if CaseState.RECOVERY_PERIOD in entered
        or PermitState.REFLECTION_PERIOD.value in permits
        else ("not_requested" if declined else UNKNOWN),
        "residence_permit": _permit_code(granted, case.citizenship),
        "cooperation": case.cooperation,
        "unaccompanied_minor": case.unaccompanied_minor if is_child else NOT_APPLICABLE,
        "guardian_appointed": ("yes" if history.has_guardian else "no")
        if is_child
        else NOT_APPLICABLE,
        "referral_source": case.referral_source,
    }


def _permit_code(granted: list[str], citizenship: str) -> str:
    if granted:
        return granted[-1]
    if citizenship in (UNKNOWN, ""):
        return UNKNOWN
    # Directive 2004/81/EC covers third-country nationals only.
    return "none" if is_third_country_national(citizenship) else NOT_APPLICABLE


def victim_records(period: int, source: Any = None) -> pa.Table:
    """The period's cases (registered in it, local time) as standard victim records.

    Identity fields are in clear: the caller encodes them or submits them inside the
    hub, and never writes the table anywhere else.
    """
    source = source or source_organisation()
    start, end = period_bounds(period)
    cases = list(
        Case.objects.filter(registered_at__gte=start, registered_at__lt=end).order_by(
            "pk"
        )
    )
    ids = [c.pk for c in cases]
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    for row in CaseEvent.objects.filter(case_id__in=ids).order_by("case_id", "seq"):
        events[row.case_id].append(row)
    permits: dict[int, list[str]] = defaultdict(list)
    for case_id, state in (
        PermitEvent.objects.filter(case_id__in=ids)
        .order_by("case_id", "seq")
        .values_list("case_id", "state")
    ):
        permits[case_id].append(state)
    assisted = set(
        Referral.objects.filter(
            case_id__in=ids,
            kind=Referral.Kind.SERVICE,
            state__in=[Referral.State.ACCEPTED, Referral.State.DONE],
        ).values_list("case_id", flat=True)
    )
    identities = identities_by_case(ids)
    rows = [
        _record(
            case,
            CaseHistory(tuple(event_of(e) for e in events[case.pk])),
            permits[case.pk],
            case.pk in assisted,
            identities.get(case.pk, {}),
            source,
        )
        for case in cases
    ]
    schema = pa.schema([(f.name, _ARROW[f.type]) for f in fields_of(Kind.VICTIMS)])
    return pa.Table.from_pylist(rows, schema=schema)


def _encode(table: pa.Table) -> tuple[pa.Table, bool]:
    key_file = getattr(settings, "PALERMO_CASES_LINKAGE_KEY_FILE", "")
    if not key_file:
        return table, False
    try:
        from palermo.linkage import encode_records, read_key
    except ImportError:
        raise InputError(
            "PALERMO_CASES_LINKAGE_KEY_FILE is set but this installation has no "
            "`palermo encode` (palermo.linkage); unset it to submit in plain mode"
        ) from None
    return encode_records(table, read_key(key_file)), True


def export_period(period: int, *, submitted_by: str = "") -> Any:
    """Submit the period's cases to the statistics as the case module's records.

    Returns:
        The submission service's receipt (a new version, or unchanged).

    Raises:
        InvalidSubmission: the hub refuses the records (for instance, plain identity
            fields when it accepts only encoded ones and no key is configured).
    """
    from palermo_web.submissions.services import submit_file

    source = source_organisation()
    table, encoded = _encode(victim_records(period, source))
    logger.info(
        "exporting %d cases of %d (%s)",
        table.num_rows,
        period,
        "encoded" if encoded else "plain",
    )
    with tempfile.TemporaryDirectory(prefix="palermo-cases-") as folder:
        path = Path(folder) / f"{source.pk}-{period}.parquet"
        pq.write_table(table, path)
        return submit_file(
            path,
            kind=Kind.VICTIMS,
            organisation_id=source.pk,
            period=period,
            submitted_by=submitted_by or "palermo cases export",
        )
