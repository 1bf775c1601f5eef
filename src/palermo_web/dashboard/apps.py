from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "palermo_web.dashboard"
    label = "dashboard"
