"""Log-in, log-out, two-factor, the person's own page and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo_web.accounts import throttle
from palermo_web.accounts.access import not_found, profile_of, role_of
from palermo_web.accounts.forms import ApiTokenForm, LoginForm, TokenForm
from palermo_web.accounts.models import ApiToken, Role
from palermo_web.accounts.qr import qr_svg
from palermo_web.audit.log import client_ip, record
from palermo_web.audit.models import Action

SESSION_LOGIN_AT = "palermo_login_at"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = client_ip(request)
        if throttle.is_locked(username, ip):
            record(
                request,
                Action.LOGIN_FAILED,
                "user",
                _account_id(username),
                detail={"reason": "locked"},
            )
            form.add_error(
                None,
                _("Too many failed attempts. Try again in %(minutes)d minutes.")
                % {"minutes": settings.PALERMO_LOCKOUT_SECONDS // 60},
            )
            status = 429
        else:
            user = authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            throttle.note_attempt(username, ip, succeeded=user is not None)
            if user is None:
                record(
                    request,
                    Action.LOGIN_FAILED,
                    "user",
                    _account_id(username),
                    detail={"reason": "password"},
                )
                form.add_error(None, _("Wrong user name or password."))
                status = 401
            else:
                login(request, user)
                request.session[SESSION_LOGIN_AT] = timezone.now().timestamp()
                profile = profile_of(user)
                if profile is not None:
                    translation.activate(profile.language)
                record(request, Action.LOGIN, "user", user.pk)
                response = redirect(_after_login(request))
                if profile is not None:
                    response.set_cookie(
                        settings.LANGUAGE_COOKIE_NAME,
                        profile.language,
                        samesite="Lax",
                        secure=request.is_secure(),
                    )
                return response
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def _account_id(username: str) -> object:
    """The id of the account a failed log-in tried, so an administrator sees which
    account is under attack; "" when no account has that name (what was typed is
    never logged: it may be a person's name, or a password typed in the wrong box)."""
    model = get_user_model()
    found = (
        model._default_manager.filter(**{model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )
    return found if found is not None else ""


def _after_login(request: HttpRequest) -> str:
    profile = profile_of(request.user)
    target = _next_url(request)
    if profile is not None and profile.needs_two_factor:
        return "/account/two-factor/?next=" + target
    return target


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(request, Action.LOGOUT, "user", request.user.pk)
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Prove the second factor; set up the authenticator first if there is none."""
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="authenticator", confirmed=False
            )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(request, Action.LOGIN, "user", user.pk, detail={"factor": "totp"})
            return redirect(_next_url(request))
        record(request, Action.LOGIN_FAILED, "user", user.pk, detail={"reason": "totp"})
        form.add_error("token", _("This code is not right. Try the current one."))
    context: dict[str, Any] = {
        "form": form,
        "setting_up": setting_up,
        "next": _next_url(request),
    }
    if setting_up:
        context["qr"] = qr_svg(device.config_url)
        context["secret"] = _base32(device.bin_key)
    return render(request, "accounts/two_factor.html", context)


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode("ascii").rstrip("=")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The person's own page: language and API tokens.

    Only a submitter's token is accepted by the API (api.auth.TokenAuth: a token cannot
    pass the second factor other roles need), so only submitters are offered one.
    """
    can_issue = role_of(request.user) == Role.SUBMITTER
    if request.method == "POST" and not can_issue:
        raise PermissionDenied
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        record(request, Action.CREATE, "api_token", token.pk)
        form = ApiTokenForm()
    tokens = ApiToken.objects.active().filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
            "profile": profile_of(request.user),
            "can_issue": can_issue,
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.active().filter(user=request.user, pk=pk).first()
    if token is None:
        not_found(request, "api_token", pk)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(request, Action.DELETE, "api_token", token.pk)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:account")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; a logged-in person's choice is saved in their profile."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    profile = profile_of(request.user)
    if profile is not None:
        profile.language = language
        profile.save(update_fields=["language"])
    translation.activate(language)
    response = redirect(_next_url(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
