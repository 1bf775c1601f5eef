"""Helpers shared by the API routers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError

from palermo_web.accounts.access import has_role
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action

ERRORS = {
    400: "ErrorOut",
    401: "ErrorOut",
    403: "ErrorOut",
    404: "ErrorOut",
    422: "ErrorOut",
}


def require(request: HttpRequest, *roles: Role) -> None:
    """Refuse (403, audited) a caller whose role is not one of ``roles``."""
    if not has_role(request.user, *roles):
        record(request, Action.DENIED, "api", request.path)
        raise HttpError(403, "not allowed")
