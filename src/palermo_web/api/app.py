"""The API object: authentication, the error shape, and the endpoints' routers."""

from __future__ import annotations

from ninja import NinjaAPI

from palermo_web.api import errors
from palermo_web.api.auth import SessionAuth, TokenAuth
from palermo_web.api.routes_admin import router as admin_router
from palermo_web.api.routes_runs import router as runs_router
from palermo_web.api.routes_submissions import router as submissions_router
from palermo_web.cases.api import router as cases_router

api = NinjaAPI(
    title="Palermo hub API",
    version="1",
    description=(
        "Submit records, read validation reports, start pipeline runs and read stored "
        "outputs. Authenticate with `Authorization: Bearer <token>` (submitters) or the "
        "logged-in session (with its CSRF token on writes). Errors are "
        '`{"error": ..., "issues": [...]}`.'
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url=None,
)
errors.install(api)
api.add_router("", submissions_router)
api.add_router("", runs_router)
api.add_router("", admin_router)
api.add_router("", cases_router)
