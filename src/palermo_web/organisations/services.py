"""Adding and listing organisations: the functions the CLI, web and API share."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from palermo.errors import InputError
from palermo.standard import fold, load_codelist
from palermo_web.organisations.models import Organisation, validate_country


def resolve_organisation_type(value: str) -> str:
    """The organisation-type code for a code, an EN/FR label or a known synonym."""
    code = load_codelist("organisation_type").synonym_table().get(fold(value))
    if code is None or code in {"unknown", "not_applicable"}:
        known = ", ".join(load_codelist("organisation_type").values)
        raise InputError(
            f"unknown organisation type {value!r}; expected one of {known}"
        )
    return code


def add_organisation(
    organisation_id: str,
    *,
    name: str,
    organisation_type: str,
    country: str | None = None,
) -> Organisation:
    """Register a source organisation.

    Args:
        organisation_id: a short slug (letters, digits, ``-``, ``_``) that the records'
            ``organisation_id`` will carry, e.g. ``ngo-lyon``.
        name: the organisation's name as people know it.
        organisation_type: a code of the ``organisation_type`` list, or its label.
        country: ISO 3166-1 alpha-2 code; defaults to the hub's ``PALERMO_COUNTRY``.

    Raises:
        InputError: the id is not a slug or is taken, the type or country is unknown.
    """
    try:
        validate_slug(organisation_id)
    except ValidationError:
        raise InputError(
            f"organisation id {organisation_id!r} must use only letters, digits, "
            "'-' and '_'"
        ) from None
    code = resolve_organisation_type(organisation_type)
    country = (country if country is not None else settings.PALERMO_COUNTRY).upper()
    try:
        validate_country(country)
    except ValidationError as error:
        raise InputError(error.messages[0]) from None
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                id=organisation_id,
                name=name,
                organisation_type=code,
                country=country,
            )
    except IntegrityError:
        raise InputError(f"organisation {organisation_id!r} already exists") from None


def ensure_organisation(
    organisation_id: str,
    *,
    name: str,
    organisation_type: str,
    country: str | None = None,
) -> tuple[Organisation, bool]:
    """The organisation with this id, registered first if it is not yet.

    Returns:
        The organisation and whether it was added now. An existing one is returned as
        it is, even if ``name``, type or country differ: the hub's record wins.
    """
    existing = Organisation.objects.filter(pk=organisation_id).first()
    if existing is not None:
        return existing, False
    added = add_organisation(
        organisation_id, name=name, organisation_type=organisation_type, country=country
    )
    return added, True


def list_organisations() -> list[Organisation]:
    """Every registered organisation, by id."""
    return list(Organisation.objects.all())
