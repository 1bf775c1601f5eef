"""factory_boy factories of the hub's models."""

from __future__ import annotations

import factory

from palermo_web.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("id",)

    id = "ngo-lyon"
    name = "Association lyonnaise d'aide aux victimes"
    organisation_type = "ngo"
    country = "FR"
