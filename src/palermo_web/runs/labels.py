"""The words of a run's page: stage codes and stored outcomes, said in the reader's language.

A run stores codes and counts (``{"stage": "records", "outcome": "records", "count":
177}``), never sentences, so that each reader sees them in their own language
(migration ``runs/0003`` turned older runs' English sentences into codes); an outcome
with no words here is shown as it was stored.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

STAGE_LABELS = {
    "records": _("reading the records"),
    "link": _("linkage"),
    "tables": _("tables"),
    "estimate": _("estimate"),
    "dashboard": _("dashboard"),
}
# Fixed messages the worker stores in ``Run.message`` (others are domain messages).
MESSAGES = {"the worker stopped": _("the worker stopped")}


def stage_label(code: str) -> str:
    label = STAGE_LABELS.get(code)
    return str(label) if label is not None else code


def message_text(message: str) -> str:
    label = MESSAGES.get(message)
    return str(label) if label is not None else message


def outcome_text(entry: dict[str, Any]) -> str:
    """What a stage did, in the active language."""
    code = entry.get("outcome")
    count = entry.get("count")
    if code == "records" and isinstance(count, int):
        return ngettext("%(count)d record read", "%(count)d records read", count) % {
            "count": count
        }
    if code == "linked":
        if isinstance(count, int):
            return ngettext(
                "%(count)d person after linkage",
                "%(count)d persons after linkage",
                count,
            ) % {"count": count}
        return gettext("persons linked")
    if code == "no_estimate":
        # The reason is a domain message of the core, stored as it was written.
        return gettext("no estimate: %(reason)s") % {"reason": entry.get("reason", "")}
    fixed = {
        "tables": _("tables written"),
        "estimate": _("estimate written"),
        "dashboard": _("dashboard stored"),
        "skipped": _("skipped: nothing to work on"),
    }
    return str(fixed[code]) if code in fixed else str(entry.get("outcome", ""))


def stage_rows(stages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(stage_label(str(s.get("stage", ""))), outcome_text(s)) for s in stages]
