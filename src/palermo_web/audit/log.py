"""Writing audit events: the one function every view and API endpoint calls."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from palermo_web.audit.models import Action, AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    """The peer address; a proxy's X-Forwarded-For only when the operator trusts it."""
    from django.conf import settings

    if getattr(settings, "PALERMO_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: Action | str,
    object_type: str,
    object_id: object = "",
    *,
    organisation: str = "",
    detail: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Append one event. ``detail`` must never hold an identity value."""
    user = actor if actor is not None else getattr(request, "user", None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    return AuditEvent.objects.create(
        actor_id=user.pk if authenticated else None,
        actor=user.get_username() if authenticated else "",
        action=str(action),
        object_type=object_type,
        object_id=str(object_id)[:64],
        organisation=organisation[:64],
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request else ""),
        path=(request.path[:200] if request is not None else ""),
        detail=detail or {},
    )
