"""Words for the codes the cases pages show: the core speaks in codes, people do not.

Each family maps a code of :mod:`palermo.referral` or :mod:`palermo.screening` to a
translatable label; a code with no label is shown as it is (a new code stays visible
rather than disappearing), and a test checks that every code has one.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from palermo_web.cases.models import NrmRole

LABELS: dict[str, dict[str, Promise | str]] = {
    "outcome": {
        "presumed_victim": _("presumed victim"),
        "inconclusive": _("inconclusive"),
        "indicators_not_met": _("indicators not met"),
    },
    "profile": {
        "adult_labour": _("adult, labour exploitation"),
        "adult_sexual": _("adult, sexual exploitation"),
        "child_labour": _("child, labour exploitation"),
        "child_sexual": _("child, sexual exploitation"),
    },
    "deadline": {
        "running": _("running"),
        "due_soon": _("due soon"),
        "overdue": _("overdue"),
        "met": _("met"),
        "missed": _("missed"),
    },
    "unit": {
        "working_days": _("working days"),
        "calendar_days": _("days"),
        "months": _("months"),
    },
    "event": {
        "open": _("registered"),
        "transition": _("moved"),
        "extend": _("recovery period extended"),
        "consent": _("consent"),
        "age": _("age assessment"),
        "guardian": _("guardian appointed"),
        "best_interests": _("best-interests assessment"),
    },
    "role": {value: label for value, label in NrmRole.choices},
    "permit": {
        "reflection_period": _("reflection period"),
        "reflection_ended": _("reflection period ended"),
        "application_pending": _("permit application pending"),
        "granted": _("permit granted"),
        "renewed": _("permit renewed"),
        "refused": _("permit refused"),
        "withdrawn": _("permit withdrawn"),
        "expired": _("permit expired"),
    },
}


def label(code: object, family: str) -> str:
    """The label of ``code`` in ``family``, in the active language (else the code)."""
    text = LABELS[family].get(str(code))
    return str(text) if text is not None else str(code)
