"""One error shape for the whole API: ``{"error": ..., "issues": [...]}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    ValidationError,
)

from palermo.errors import PalermoError


def error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    issues: list[Any] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"error": message, "issues": issues or []}, status=status
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        issues = [
            {
                "location": ".".join(str(p) for p in e.get("loc", [])),
                "message": e.get("msg", ""),
                "code": e.get("type", ""),
            }
            for e in exc.errors
        ]
        return error(api, request, 422, "the request is not valid", issues)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(
        request: HttpRequest, exc: AuthenticationError
    ) -> HttpResponse:
        return error(api, request, 401, "authentication required")

    @api.exception_handler(AuthorizationError)
    def _unauthorised(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error(api, request, 403, "not allowed")

    @api.exception_handler(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error(api, request, 403, "not allowed")

    @api.exception_handler(Http404)
    def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(api, request, 404, "not found")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error(api, request, exc.status_code, str(exc.message))

    @api.exception_handler(PalermoError)
    def _domain(request: HttpRequest, exc: PalermoError) -> HttpResponse:
        return error(api, request, 400, exc.message, exc.issues)
