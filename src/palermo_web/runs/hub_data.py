"""What a run reads from the hub: the period's current records, and the country."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings

from palermo.standard import Kind
from palermo_web.organisations.models import Organisation
from palermo_web.submissions.services import records_for_period as _records


def records_for_period(
    period: int, kind: Kind
) -> tuple[pa.Table | None, list[tuple[str, int]]]:
    """The current records of one kind, and how many each organisation gave."""
    table = _records(period, kind)
    if table.num_rows == 0:
        return None, []
    counts = pc.value_counts(table.column("source")).to_pylist()
    return table, sorted((c["values"], c["counts"]) for c in counts)


def reporting_country() -> str:
    """The hub's country: the setting, or else its organisations' most common country."""
    if settings.PALERMO_COUNTRY:
        return str(settings.PALERMO_COUNTRY)
    countries = Counter(
        c for c in Organisation.objects.values_list("country", flat=True) if c
    )
    return countries.most_common(1)[0][0] if countries else ""
