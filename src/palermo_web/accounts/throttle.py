"""Log-in throttling: too many failures lock an account, and an address, for a while.

The lock holds even for the right password, so that guessing cannot tell when it has
found it. Limits are settings (``PALERMO_LOCKOUT_*``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from palermo_web.accounts.models import LoginAttempt


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.PALERMO_LOCKOUT_SECONDS)


def is_locked(username: str, ip: str | None) -> bool:
    """Whether the account or the address has failed too often in the window."""
    since = _window_start()
    recent = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    # A success forgives the account's earlier failures (not the address's).
    last_success = (
        LoginAttempt.objects.filter(username=username.lower(), succeeded=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    account = recent.filter(username=username.lower())
    if last_success is not None:
        account = account.filter(at__gt=last_success)
    if account.count() >= settings.PALERMO_LOCKOUT_FAILURES:
        return True
    return (
        ip is not None
        and recent.filter(ip=ip).count() >= settings.PALERMO_LOCKOUT_FAILURES_PER_IP
    )


def note_attempt(username: str, ip: str | None, *, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip=ip, succeeded=succeeded)


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts are locked now (the address lock aside)."""
    candidates = (
        LoginAttempt.objects.filter(
            at__gte=_window_start(),
            succeeded=False,
            username__in=[u.lower() for u in usernames],
        )
        .values("username")
        .annotate(n=Count("id"))
        .filter(n__gte=settings.PALERMO_LOCKOUT_FAILURES)
        .values_list("username", flat=True)
    )
    # Few accounts are ever near the limit: check those exactly, success forgiveness
    # included.
    return {name for name in candidates if is_locked(name, None)}


def unlock(username: str) -> int:
    """Lift an account's lock by forgetting its failed attempts (not its address's).

    The audit log keeps every failed log-in; these rows only feed the throttle.
    """
    deleted, _ = LoginAttempt.objects.filter(
        username=username.lower(), succeeded=False
    ).delete()
    return deleted
