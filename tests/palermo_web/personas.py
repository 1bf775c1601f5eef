"""The people of the hub's tests: factories and logged-in clients per role.

An NGO submitter, an outsider (a submitter of another organisation), a caseworker, an
analyst and an administrator. Analysts and administrators come with a confirmed TOTP
device, and their clients have passed the second factor.
"""

from __future__ import annotations

from typing import Any

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo_web.accounts.models import Profile, Role
from tests.palermo_web.factories import OrganisationFactory

PASSWORD = "correct horse battery staple 42"


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 still, with costs small enough for tests (production keeps Django's)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.palermo_web.personas.FastArgon2PasswordHasher"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    role = Role.SUBMITTER
    organisation = factory.SubFactory(OrganisationFactory)


def person(username: str, role: Role, organisation: Any = None) -> Any:
    profile = ProfileFactory(
        user=UserFactory(username=username), role=role, organisation=organisation
    )
    if role in {Role.ANALYST, Role.ADMINISTRATOR}:
        TOTPDevice.objects.create(
            user=profile.user, name="authenticator", confirmed=True
        )
    return profile.user


def current_code(user: Any) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def logged_in(user: Any, **client_options: Any) -> Client:
    """A client logged in as ``user``, past the second factor where the role needs it."""
    client = Client(**client_options)
    client.force_login(user)
    session = client.session
    from django.utils import timezone

    from palermo_web.accounts.views import SESSION_LOGIN_AT

    session[SESSION_LOGIN_AT] = timezone.now().timestamp()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def police_org(db: None) -> Any:
    return OrganisationFactory(
        id="police-paris", name="Préfecture de police", organisation_type="police"
    )


@pytest.fixture
def ngo_org(db: None) -> Any:
    return OrganisationFactory()


@pytest.fixture
def submitter(ngo_org: Any) -> Any:
    return person("nadia", Role.SUBMITTER, ngo_org)


@pytest.fixture
def outsider(police_org: Any) -> Any:
    return person("oscar", Role.SUBMITTER, police_org)


@pytest.fixture
def caseworker(ngo_org: Any) -> Any:
    return person("camille", Role.CASEWORKER, ngo_org)


@pytest.fixture
def analyst(db: None) -> Any:
    return person("ana", Role.ANALYST)


@pytest.fixture
def administrator(db: None) -> Any:
    return person("ada", Role.ADMINISTRATOR)
