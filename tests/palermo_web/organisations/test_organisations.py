"""Registering source organisations."""

from __future__ import annotations

import pytest
from django.test import override_settings

from palermo.errors import InputError
from palermo_web.organisations.models import Organisation
from palermo_web.organisations.services import add_organisation

pytestmark = pytest.mark.django_db


def test_it_registers_an_organisation_with_a_french_label_for_its_type() -> None:
    added = add_organisation(
        "parquet-lyon",
        name="Parquet de Lyon",
        organisation_type="Parquet",
        country="fr",
    )

    stored = Organisation.objects.get(pk="parquet-lyon")
    assert (stored.organisation_type, stored.country) == ("prosecution", "FR")
    assert added == stored


@override_settings(PALERMO_COUNTRY="BE")
def test_it_takes_the_hubs_country_when_none_is_given() -> None:
    assert (
        add_organisation("ngo-liege", name="N", organisation_type="ngo").country == "BE"
    )


@pytest.mark.parametrize(
    ("organisation_id", "organisation_type", "country", "complaint"),
    [
        ("ngo lyon", "ngo", "FR", "letters, digits"),
        ("ngo-lyon", "bakery", "FR", "unknown organisation type"),
        ("ngo-lyon", "unknown", "FR", "unknown organisation type"),
        ("ngo-lyon", "ngo", "XY", "not an ISO 3166-1"),
    ],
)
def test_it_refuses_what_it_cannot_register(
    organisation_id: str, organisation_type: str, country: str, complaint: str
) -> None:
    with pytest.raises(InputError, match=complaint):
        add_organisation(
            organisation_id,
            name="N",
            organisation_type=organisation_type,
            country=country,
        )
    assert Organisation.objects.count() == 0


def test_it_refuses_an_id_that_is_taken() -> None:
    add_organisation("ngo-lyon", name="One", organisation_type="ngo", country="FR")

    with pytest.raises(InputError, match="already exists"):
        add_organisation("ngo-lyon", name="Two", organisation_type="ngo", country="FR")
    assert Organisation.objects.get().name == "One"
