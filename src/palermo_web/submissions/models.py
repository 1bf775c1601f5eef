"""Submissions and their records.

A submission is one validated file of one kind of record (victims, suspects,
proceedings) from one organisation for one reference period. Submitting again for the
same organisation, kind and period stores a new version that supersedes the previous
one; nothing is ever silently replaced or deleted. Records are stored one row each, as a
compact JSON array in the column order recorded on the submission (see
docs/adr/0006-stored-records-as-json-arrays.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.standard import Kind
from palermo_web.organisations.models import Organisation


class Submission(models.Model):
    """One version of one organisation's records of one kind for one period."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        SUPERSEDED = "superseded", _("Superseded")

    class KindChoice(models.TextChoices):
        VICTIMS = Kind.VICTIMS.value, _("Victims")
        SUSPECTS = Kind.SUSPECTS.value, _("Suspects and offenders")
        PROCEEDINGS = Kind.PROCEEDINGS.value, _("Proceedings")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(max_length=16, choices=KindChoice.choices)
    reference_period = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.CURRENT
    )
    # SHA-256 of the submitted file's bytes: the same file again is a no-op.
    checksum = models.CharField(max_length=64)
    # The file's base name only: the hub never keeps a path the submitter controls.
    file_name = models.CharField(max_length=255, blank=True, default="")
    row_count = models.PositiveIntegerField()
    submitted_by = models.CharField(max_length=150, blank=True, default="")
    submitted_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # The mapping file (YAML) the records were read with, verbatim; blank when the file
    # was already in the standard's vocabulary.
    mapping = models.TextField(blank=True, default="")
    encoded = models.BooleanField(
        default=False,
        help_text="Identity fields arrived as keyed encodings (palermo encode).",
    )
    # The public fingerprint of the linkage key of an encoded file (see
    # palermo.linkage.keys); every encoded submission of a period must share it.
    key_fingerprint = models.CharField(max_length=64, blank=True, default="")
    standard_version = models.CharField(max_length=16)
    # [{"name": ..., "type": ...}] in the order of each record's JSON array.
    columns = models.JSONField()
    # The validation report ({"valid", "rows", "issues"}); accepted files may have warnings.
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["reference_period", "organisation_id", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "reference_period", "version"],
                name="submission_version_unique",
            ),
            # At most one current version: the records analytics read for a period.
            models.UniqueConstraint(
                fields=["organisation", "kind", "reference_period"],
                condition=Q(status="current"),
                name="one_current_submission",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation_id} {self.kind} {self.reference_period} "
            f"v{self.version} ({self.status})"
        )

    @property
    def is_current(self) -> bool:
        """Whether this is the version analytics read for its period."""
        return self.status == self.Status.CURRENT

    def supersede(self, *, at: datetime | None = None) -> None:
        """Mark this version as replaced by a newer one; it stays stored and listable."""
        self.status = self.Status.SUPERSEDED
        self.superseded_at = at or timezone.now()
        self.save(update_fields=["status", "superseded_at"])


class RecordValues(models.JSONField):
    """A JSON array of a record's values, without SQLite's per-row ``json_valid`` check.

    The arrays are written by DuckDB from typed Arrow columns, so they are valid JSON by
    construction; checking each of a million rows again costs a third of the insert
    time on SQLite (ADR 0006). PostgreSQL's ``jsonb`` parses them either way.
    """

    def db_check(self, connection: Any) -> str | None:
        return None


class Record(models.Model):
    """One record of a submission, as a JSON array in the submission's column order."""

    # The unique (submission, row_number) index below serves lookups by submission too,
    # so the foreign key needs no index of its own (one index less to maintain per row).
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    row_number = models.PositiveIntegerField()
    data = RecordValues()

    class Meta:
        ordering = ["submission", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "row_number"], name="record_row_unique"
            )
        ]

    def __str__(self) -> str:
        return f"record {self.row_number} of submission {self.submission_id}"

    def as_dict(self) -> dict[str, object]:
        """The record as ``{column: value}`` (dates as ISO strings, lists as lists)."""
        names = [column["name"] for column in self.submission.columns]
        return dict(zip(names, self.data, strict=True))
