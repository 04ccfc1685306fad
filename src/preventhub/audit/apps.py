from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "preventhub.audit"
    label = "audit"
    verbose_name = "Tamper-evident audit trail"

    def ready(self) -> None:
        from preventhub.audit import permissions  # noqa: F401  (registers rules)
