"""A pipeline run for one reference period, queued in the database.

The queue needs no server of its own: a run is a row; a worker claims it by an atomic
``UPDATE ... WHERE status = 'queued'`` that only one worker can win. Each run writes
only under its own directory (``runs/<period>/v<version>``), assembled in a temporary
directory and renamed into place at the end, so two runs never write the same file and a
half-finished run leaves nothing that looks finished.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The range an analyst may choose the linkage threshold in: below one half a link is
# likelier wrong than right; at 1 nothing links.
LINK_THRESHOLD_MIN = 0.5
LINK_THRESHOLD_MAX = 0.999


def default_link_threshold() -> float:
    """The core's default (``palermo link --threshold``'s)."""
    from palermo.linkage import LinkageConfig

    return float(LinkageConfig().threshold)


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class Run(models.Model):
    period = models.PositiveIntegerField(db_index=True)
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(max_length=40, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=80, blank=True)
    stages = models.JSONField(default=list, blank=True)
    outputs = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # The match probability at which linkage joins two records (the analyst's choice);
    # empty on runs queued before it could be chosen, which used the default.
    link_threshold = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="one_version_per_run"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"run {self.period} v{self.version} ({self.status})"

    @classmethod
    def request(cls, period: int, user: Any, threshold: float | None = None) -> Run:
        """Queue a run; its version is the next for the period (retried on a race)."""
        if threshold is None:
            threshold = default_link_threshold()
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    last = (
                        cls.objects.filter(period=period)
                        .order_by("-version")
                        .values_list("version", flat=True)
                        .first()
                    )
                    return cls.objects.create(
                        period=period,
                        version=(last or 0) + 1,
                        requested_by=user,
                        link_threshold=threshold,
                    )
            except IntegrityError:
                continue
        raise RuntimeError("could not allocate a run version")

    @property
    def directory(self) -> Path:
        return Path(settings.PALERMO_RUNS_DIR) / str(self.period) / f"v{self.version}"

    @property
    def is_finished(self) -> bool:
        return self.status in {Status.SUCCEEDED, Status.FAILED}


class ClericalDecisions(models.Model):
    """An analyst's clerical decisions (same / not same) for one period's linkage.

    Every later run of the period applies them over the model's scores. Only the five
    columns ``palermo link --clerical`` reads are kept (sources, record ids and the
    decision), as CSV; uploading again replaces them.
    """

    period = models.PositiveIntegerField(unique=True)
    content = models.TextField()
    same = models.PositiveIntegerField(default=0)
    not_same = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"clerical decisions {self.period}"
