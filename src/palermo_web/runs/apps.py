from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "palermo_web.runs"
    label = "runs"
    verbose_name = "Pipeline runs"
