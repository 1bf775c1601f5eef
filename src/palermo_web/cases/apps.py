from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "palermo_web.cases"
    label = "cases"
    verbose_name = "Referral cases"

    def ready(self) -> None:
        from palermo_web.cases import checks  # noqa: F401  registers the system checks
