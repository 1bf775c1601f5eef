from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "palermo_web.audit"
    label = "audit"
    verbose_name = "Audit log"
