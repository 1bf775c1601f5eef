"""URL configuration of the hub: pages, the JSON API, and the stylesheet."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from palermo_web import settings as _settings
from palermo_web.api.app import api
from palermo_web.portal import views as portal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", portal_views.home, name="home"),
    path("", include("palermo_web.accounts.urls")),
    path("submissions/", include("palermo_web.portal.urls")),
    path("runs/", include("palermo_web.runs.urls")),
    path("dashboard/", include("palermo_web.dashboard.urls")),
    path("audit/", include("palermo_web.audit.urls")),
    path("cases/", include("palermo_web.cases.urls")),
    path("api/", api.urls),
    # The one stylesheet, served from the package (never from a user-controlled path).
    re_path(
        r"^static/(?P<path>palermo/[\w.-]+)$",
        serve,
        {"document_root": _settings.BASE_DIR / "static"},
        name="static",
    ),
]

handler403 = "palermo_web.errors.permission_denied"
handler404 = "palermo_web.errors.page_not_found"
handler500 = "palermo_web.errors.server_error"
