"""Administrators' pages: organisations and people."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.errors import PalermoError
from palermo.standard import load_codelist
from palermo_web.accounts import throttle
from palermo_web.accounts.access import require_role
from palermo_web.accounts.forms import UserForm
from palermo_web.accounts.models import Profile, Role
from palermo_web.accounts.orgs import Organisation
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.organisations.services import add_organisation


def organisation_types() -> list[tuple[str, str]]:
    """The standard's organisation types, named in the reader's language."""
    french = (get_language() or "en").startswith("fr")
    return [
        (c.code, c.fr if french else c.en)
        for c in load_codelist("organisation_type").codes
    ]


class OrganisationForm(forms.Form):
    id = forms.SlugField(label=gettext_lazy("Id (used in records)"), max_length=64)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=gettext_lazy("Type"), choices=lambda: organisation_types()
    )
    country = forms.CharField(
        label=gettext_lazy("Country (ISO code)"), max_length=2, required=False
    )


@require_role(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def organisations(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = add_organisation(
                data["id"],
                name=data["name"],
                organisation_type=data["organisation_type"],
                country=data["country"] or None,
            )
        except PalermoError as error:
            form.add_error(None, error.message)
        else:
            record(
                request,
                Action.CREATE,
                "organisation",
                organisation.pk,
                organisation=organisation.pk,
            )
            messages.success(request, _("Organisation created."))
            return redirect("accounts:organisations")
    types = dict(organisation_types())
    rows = list(Organisation.objects.order_by("name"))
    for row in rows:
        row.type_label = types.get(row.organisation_type, row.organisation_type)
    return render(
        request, "accounts/organisations.html", {"form": form, "organisations": rows}
    )


@require_role(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["username"],
                email=data["email"],
                password=data["password"],
            )
            Profile.objects.create(
                user=user, role=data["role"], organisation=data["organisation"]
            )
        record(request, Action.CREATE, "user", user.pk, detail={"role": data["role"]})
        messages.success(request, _("User created."))
        return redirect("accounts:users")
    rows = list(
        get_user_model()
        .objects.select_related("profile", "profile__organisation")
        .order_by("username")
    )
    locked = throttle.locked_usernames([u.username for u in rows])
    for row in rows:
        row.is_locked_out = row.username.lower() in locked
    return render(request, "accounts/users.html", {"form": form, "users": rows})


@require_role(Role.ADMINISTRATOR)
@require_POST
def reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a person's authenticator so they set up a new one at next log-in."""
    user = get_object_or_404(get_user_model(), pk=pk)
    TOTPDevice.objects.filter(user=user).delete()
    record(request, Action.UPDATE, "user", user.pk, detail={"two_factor": "reset"})
    messages.success(request, _("Two-factor authentication was reset."))
    return redirect("accounts:users")


@require_role(Role.ADMINISTRATOR)
@require_POST
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate yourself."))
        return redirect("accounts:users")
    user.is_active = request.POST.get("active") == "1"
    user.save(update_fields=["is_active"])
    record(request, Action.UPDATE, "user", user.pk, detail={"active": user.is_active})
    return redirect("accounts:users")


@require_role(Role.ADMINISTRATOR)
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift the lock that failed log-ins put on an account, before its window ends."""
    user = get_object_or_404(get_user_model(), pk=pk)
    forgotten = throttle.unlock(user.get_username())
    record(
        request,
        Action.UPDATE,
        "user",
        user.pk,
        detail={"lockout": "lifted", "failed_attempts": forgotten},
    )
    messages.success(request, _("The account is unlocked."))
    return redirect("accounts:users")
