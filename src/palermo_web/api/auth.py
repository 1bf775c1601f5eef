"""API authentication: a bearer token (machine-to-machine submission) or the session.

Tokens act only for submitters: a token cannot pass the second factor, so roles that
need one (analysts, administrators) use the API through their verified session.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from palermo_web.accounts.access import is_two_factor_satisfied, role_of
from palermo_web.accounts.models import ApiToken, Role


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__profile")
            .filter(key_hash=ApiToken.hash(token))
            .first()
        )
        if found is None or role_of(found.user) != Role.SUBMITTER:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(
            minutes=1
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in session (with CSRF on unsafe methods, and two-factor passed)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or role_of(user) is None:
            return None
        if not is_two_factor_satisfied(request):
            return None
        return user
