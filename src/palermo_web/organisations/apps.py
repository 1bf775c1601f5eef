from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "palermo_web.organisations"
    verbose_name = "Organisations"
