"""The audit event: one row per read or write, never changed once written.

The application has no path that updates or deletes an event: ``save`` refuses anything
but an insert, ``delete`` refuses always, and the queryset refuses bulk updates and
deletes. A database trigger (see the migration) refuses UPDATE even from raw SQL.
Events name objects by type and id only: never an identity value.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or remove an audit event."""


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    DOWNLOAD = "download", _("download")
    EXPORT = "export", _("export")
    LOGIN = "login", _("log in")
    LOGIN_FAILED = "login_failed", _("failed log-in")
    LOGOUT = "logout", _("log out")
    DENIED = "denied", _("access denied")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutable("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The actor is copied, not a foreign key: removing a user must not touch the log.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    organisation = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update"):
            raise AuditLogImmutable("audit events cannot be updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")

    def _do_insert(
        self,
        manager: Any,
        using: str,
        fields: Any,
        returning_fields: Any,
        raw: bool,
    ) -> Any:
        connection = connections[using]
        if connection.vendor != "sqlite":
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        # Every page view writes an event, so writers queue on SQLite's one write lock.
        # An INSERT ... RETURNING commits only when Python fetches its row, after taking
        # back the interpreter lock from the other request threads: the write lock was
        # held meanwhile, and the other writers slept in SQLite's growing retry delays
        # (the p99 of bench/bench_web.py). A plain INSERT commits inside the one call,
        # and the new id is this connection's last_insert_rowid().
        manager._insert([self], fields=fields, using=using, raw=raw)
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_insert_rowid()")
            return [cursor.fetchone()]
