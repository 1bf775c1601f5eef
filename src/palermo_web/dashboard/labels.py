"""Words for the figures of a run's linkage quality, as the dashboard shows them.

The stored summary keeps the pipeline's own keys (``records_per_person``, ``expected
precision``...): stable names for the API, not words for a reader in either language.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LINKAGE_LABELS: dict[str, Promise] = {
    "records": _("Victim records"),
    "persons": _("Persons after linkage"),
    "records_per_person": _("Records per person"),
    "persons_seen_more_than_once": _("Persons recorded more than once"),
    "persons_in_several_sources": _("Persons recorded by several organisations"),
    "sources": _("Organisations"),
    "mode": _("Linkage mode"),
    "expected precision": _("Expected precision"),
    "expected recall": _("Expected recall"),
    "pairs for review": _("Pairs left for clerical review"),
    "model": _("Model"),
    "measured precision": _("Measured precision"),
    "measured recall": _("Measured recall"),
    "true persons": _("True persons"),
    "match threshold": _("Match threshold (probability)"),
    "clerical decisions": _("Clerical decisions applied"),
}

# Text values the pipeline stores, in words.
LINKAGE_VALUES: dict[str, Promise] = {
    "plain": _("plain (identities in clear)"),
    "encoded": _("encoded (keyed encodings)"),
    "untrained (too few records): a rough count": _(
        "untrained (too few records): a rough count"
    ),
}

# Shares of 0 to 1, shown as percentages.
_SHARES = {
    "expected precision",
    "expected recall",
    "measured precision",
    "measured recall",
}


def linkage_rows(quality: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each stored figure, in the active language."""
    rows = []
    for key, value in quality.items():
        rows.append((str(LINKAGE_LABELS.get(key, key)), _value(key, value)))
    return rows


def _value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return str(LINKAGE_VALUES.get(value, value))
    if key in _SHARES and isinstance(value, int | float):
        return str(_("%(share)s%%") % {"share": floatformat(value * 100, 1)})
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return str(floatformat(value, -2))
    return str(value)
