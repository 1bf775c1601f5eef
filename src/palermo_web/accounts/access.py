"""Who may see and do what: every permission check of the hub lives here.

Views and API endpoints never filter objects themselves; they call the ``*_for``
querysets and ``get_*_for_user`` helpers below, so that least privilege is decided in one
place and tested once per role. An object outside a person's reach is answered with 404
(its existence is not confirmed); a page outside a role's reach with 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from palermo_web.accounts.models import Profile, Role

View = TypeVar("View", bound=Callable[..., HttpResponse])


def profile_of(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not user.is_active:
        return None
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        return None
    return profile


def role_of(user: Any) -> Role | None:
    profile = profile_of(user)
    return Role(profile.role) if profile else None


def organisation_of(user: Any) -> Any:
    profile = profile_of(user)
    return profile.organisation if profile else None


def has_role(user: Any, *roles: Role) -> bool:
    return role_of(user) in roles


def is_two_factor_satisfied(request: HttpRequest) -> bool:
    """Analysts and administrators must have passed TOTP in this session."""
    profile = profile_of(request.user)
    if profile is None or not profile.needs_two_factor:
        return True
    # A token-authenticated API caller never reaches here with those roles (see api.auth).
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def require_role(*roles: Role) -> Callable[[View], View]:
    """Decorate a view: anonymous → log-in page; other roles → 403 (audited)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                deny(
                    request,
                    "page",
                    request.resolver_match.view_name if request.resolver_match else "",
                )
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def deny(request: HttpRequest, object_type: str, object_id: object = "") -> None:
    """Record the refusal in the audit log and raise 403."""
    from palermo_web.audit.log import record
    from palermo_web.audit.models import Action

    record(request, Action.DENIED, object_type, object_id)
    raise PermissionDenied


def not_found(request: HttpRequest, object_type: str, object_id: object) -> NoReturn:
    """Record a scoped lookup that found nothing as a refusal, and raise 404.

    The answer does not tell an outsider whether the object exists; the log does tell
    the administrator that someone asked for one outside their reach.
    """
    from palermo_web.audit.log import record
    from palermo_web.audit.models import Action

    record(request, Action.DENIED, object_type, object_id)
    raise Http404


# --- Runs: analysts and administrators see every run; nobody else sees any. -----------


def runs_for(user: Any) -> QuerySet[Any]:
    from palermo_web.runs.models import Run

    if has_role(user, Role.ANALYST, Role.ADMINISTRATOR):
        return Run.objects.all()
    return Run.objects.none()


def get_run_for_user(request: HttpRequest, pk: int) -> Any:
    run = runs_for(request.user).filter(pk=pk).first()
    if run is None:
        not_found(request, "run", pk)
    return run


# --- Submissions, uploads and mappings -------------------------------------------------
# A submitter sees their own organisation's; analysts and administrators see every
# submission's description and report (stored records are never shown to anyone);
# caseworkers see none.


def submissions_for(user: Any) -> QuerySet[Any]:
    from palermo_web.submissions.models import Submission

    role = role_of(user)
    if role in {Role.ANALYST, Role.ADMINISTRATOR}:
        return Submission.objects.all()
    if role == Role.SUBMITTER:
        return Submission.objects.filter(organisation=organisation_of(user))
    return Submission.objects.none()


def get_submission_for_user(request: HttpRequest, pk: int) -> Any:
    submission = (
        submissions_for(request.user)
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        not_found(request, "submission", pk)
    return submission


def uploads_for(user: Any) -> QuerySet[Any]:
    from palermo_web.portal.models import Upload

    role = role_of(user)
    if role in {Role.ANALYST, Role.ADMINISTRATOR}:
        return Upload.objects.all()
    if role == Role.SUBMITTER:
        return Upload.objects.filter(organisation=organisation_of(user))
    return Upload.objects.none()


def get_upload_for_user(request: HttpRequest, pk: int) -> Any:
    upload = uploads_for(request.user).filter(pk=pk).first()
    if upload is None:
        not_found(request, "upload", pk)
    return upload


def organisations_managed_by(user: Any) -> QuerySet[Any]:
    """Organisations whose mappings a person may read and change."""
    from palermo_web.organisations.models import Organisation

    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return Organisation.objects.all()
    if role == Role.SUBMITTER:
        return Organisation.objects.filter(pk=organisation_of(user).pk)
    return Organisation.objects.none()


def get_organisation_for_user(request: HttpRequest, organisation_id: str) -> Any:
    organisation = (
        organisations_managed_by(request.user).filter(pk=organisation_id).first()
    )
    if organisation is None:
        not_found(request, "organisation", organisation_id)
    return organisation


def submitting_organisation(user: Any) -> Any:
    """The organisation a person submits for: only submitters submit."""
    return organisation_of(user) if role_of(user) == Role.SUBMITTER else None
