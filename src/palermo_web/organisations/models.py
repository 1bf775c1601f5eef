"""The source organisations of the hub."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from palermo.standard import load_codelist


def organisation_type_choices() -> list[tuple[str, str]]:
    """The organisation types of the standard as (code, English label) choices."""
    return [(c.code, c.en) for c in load_codelist("organisation_type").codes]


def validate_country(code: str) -> None:
    """Reject anything that is not an ISO 3166-1 alpha-2 code of the standard."""
    if code and code not in load_codelist("country").values:
        raise ValidationError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")


class Organisation(models.Model):
    """A registering organisation: one source of records (and one capture list).

    The id is a short slug chosen by the hub (``ngo-lyon``, ``police-paris``); it is the
    ``organisation_id`` of the records and names the organisation's capture-history column
    (``cap_<id>``) in linkage, so it never changes once records are stored.
    """

    id = models.SlugField(primary_key=True, max_length=64)
    name = models.CharField(max_length=200)
    organisation_type = models.CharField(
        max_length=32, choices=organisation_type_choices
    )
    country = models.CharField(
        max_length=2, blank=True, default="", validators=[validate_country]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"
