"""The country's referral mechanism as the hub sees it: its configuration and the parts
each organisation plays in it.

The configuration (time limits, calendar, retention) is the core's
:class:`~palermo.referral.CountryConfig`: a shipped one by name or a YAML file in
``PALERMO_REFERRAL_CONFIG``, else the legal minimums for ``PALERMO_COUNTRY`` in the
hub's time zone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from palermo.referral import (
    CountryConfig,
    Role,
    load_country_config,
    minimum_config,
    shipped_configs,
)
from palermo.standard import citizenship_group
from palermo_web.cases.models import OrganisationRole

# The parts an organisation plays when none are set for it, by its type. A competent
# authority is never assumed: the country names it (`palermo cases roles`).
DEFAULT_ROLES: dict[str, frozenset[Role]] = {
    "ngo": frozenset({Role.FIRST_RESPONDER, Role.CASEWORKER, Role.SUPPORT_PROVIDER}),
    "social_services": frozenset(
        {Role.FIRST_RESPONDER, Role.CASEWORKER, Role.SUPPORT_PROVIDER}
    ),
    "health": frozenset({Role.FIRST_RESPONDER, Role.SUPPORT_PROVIDER}),
    "immigration": frozenset({Role.FIRST_RESPONDER, Role.IMMIGRATION_AUTHORITY}),
}
FIRST_RESPONDER_ONLY = frozenset({Role.FIRST_RESPONDER})


@cache
def _config(name: str, country: str, timezone: str) -> CountryConfig:
    if not name:
        return minimum_config(country or "BE", timezone)
    if name.lower() in shipped_configs():
        return load_country_config(name)
    return CountryConfig.from_file(Path(name))


def country_config() -> CountryConfig:
    """The referral configuration of this hub."""
    return _config(
        getattr(settings, "PALERMO_REFERRAL_CONFIG", ""),
        getattr(settings, "PALERMO_COUNTRY", ""),
        settings.TIME_ZONE,
    )


def is_third_country_national(citizenship: str) -> bool:
    """Whether a citizenship is outside the EU (Directive 2004/81/EC covers only
    third-country nationals); unknown counts as not established."""
    return citizenship_group(citizenship, country_config().country) == "non_eu"


def roles_of(organisation: Any) -> frozenset[Role]:
    """The parts ``organisation`` plays: its own rows, else its type's defaults."""
    if organisation is None:
        return frozenset()
    explicit = {
        Role(r)
        for r in OrganisationRole.objects.filter(
            organisation_id=organisation.pk
        ).values_list("role", flat=True)
    }
    if explicit:
        return frozenset(explicit)
    return DEFAULT_ROLES.get(organisation.organisation_type, FIRST_RESPONDER_ONLY)


def competent_authorities() -> list[Any]:
    """Organisations named competent authority, by name."""
    from palermo_web.organisations.models import Organisation

    return list(
        Organisation.objects.filter(
            nrm_roles__role=Role.COMPETENT_AUTHORITY.value
        ).order_by("name")
    )


def set_roles(organisation: Any, roles: set[Role]) -> None:
    """Replace the parts ``organisation`` plays (an empty set: back to the defaults)."""
    OrganisationRole.objects.filter(organisation=organisation).delete()
    OrganisationRole.objects.bulk_create(
        [OrganisationRole(organisation=organisation, role=r.value) for r in roles]
    )
