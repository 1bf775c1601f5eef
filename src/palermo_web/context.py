"""Template context shared by every page: who is looking, and in what role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from palermo_web.accounts.access import profile_of


def hub(request: HttpRequest) -> dict[str, Any]:
    profile = profile_of(getattr(request, "user", None))
    role = profile.role if profile else ""
    return {
        "profile": profile,
        "role": role,
        "is_submitter": role == "submitter",
        "is_analyst": role == "analyst",
        "is_administrator": role == "administrator",
    }
