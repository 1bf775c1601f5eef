"""``{{ code|nrm:"family" }}``: a code of the referral mechanism in words."""

from __future__ import annotations

from django import template

from palermo_web.cases.labels import label

register = template.Library()


@register.filter(name="nrm")
def nrm(code: object, family: str) -> str:
    return label(code, family)
