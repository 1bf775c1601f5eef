"""Error pages: the hub's own pages in the reader's language, JSON under ``/api/``.

Django's defaults are a bare English "Not Found" and, for a failed CSRF check, a page
that talks about DEBUG. Pages say what happened and link home; they show nothing of the
request (no path, no reason code) beyond the status itself. The JSON API keeps its one
error shape (``{"error": ..., "issues": [...]}``) even for paths no endpoint serves.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

API_PREFIX = "/api/"


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message, "issues": []}, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return _json(404, "not found")
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return _json(403, "not allowed")
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return _json(500, "server error")
    # 500.html needs no context: whatever failed may fail again while rendering one.
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without (or with a stale) CSRF token: say so and offer a way back.

    The reason is Django's diagnosis for developers; it is not shown.
    """
    if _api(request):
        return _json(403, "CSRF check failed")
    return render(request, "403_csrf.html", status=403)
