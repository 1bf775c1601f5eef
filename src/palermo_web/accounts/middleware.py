"""Middleware: sessions with an absolute lifetime, and two-factor before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone

from palermo_web.accounts.access import is_two_factor_satisfied

SEEN = "palermo_seen"
# Paths a person who has not yet passed the second factor may still reach.
_OPEN_PATHS = ("/account/two-factor/", "/logout/", "/language/", "/static/")


class SessionLifetimeMiddleware:
    """End a session some hours after log-in, however active (idle expiry is Django's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from palermo_web.accounts.views import SESSION_LOGIN_AT

        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(SESSION_LOGIN_AT)
            limit = settings.PALERMO_SESSION_MAX_SECONDS
            if started is None or now - float(started) > limit:
                logout(request)
            elif (
                now - float(request.session.get(SEEN, 0))
                > settings.PALERMO_SESSION_TOUCH_SECONDS
            ):
                # Saving the session renews its idle expiry.
                request.session[SEEN] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Analysts and administrators see nothing until they have passed TOTP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not request.path.startswith(_OPEN_PATHS)
            and not is_two_factor_satisfied(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": "two-factor authentication required", "issues": []},
                    status=403,
                )
            return redirect(f"/account/two-factor/?next={request.path}")
        return self.get_response(request)
