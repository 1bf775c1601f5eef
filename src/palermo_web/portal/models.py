"""Saved mappings per organisation and kind, and every upload with its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.standard import Kind

KIND_CHOICES = [
    (Kind.VICTIMS.value, _("Victims")),
    (Kind.SUSPECTS.value, _("Suspects and offenders")),
    (Kind.PROCEEDINGS.value, _("Proceedings")),
]


class SavedMapping(models.Model):
    """The mapping (YAML) an organisation's files of one kind are read with."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="mappings"
    )
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    text = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="one_mapping_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"mapping {self.organisation_id} {self.kind}"


class Upload(models.Model):
    """One file sent through the web or the API, accepted or rejected whole."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        UNCHANGED = "unchanged", _("unchanged (same file)")
        REJECTED = "rejected", _("rejected")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="uploads"
    )
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    reference_period = models.PositiveSmallIntegerField()
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=16)
    size = models.PositiveBigIntegerField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    message = models.TextField(blank=True)
    # Issues as the validation report gives them, with identity values removed.
    issues = models.JSONField(default=list)
    rows = models.PositiveIntegerField(null=True)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["organisation", "reference_period"])]

    def __str__(self) -> str:
        return f"upload {self.pk} {self.organisation_id} {self.kind} {self.reference_period}"
