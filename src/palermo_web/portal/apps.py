from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "palermo_web.portal"
    label = "portal"
    verbose_name = "Submission portal"
