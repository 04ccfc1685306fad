from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "preventhub.audit"
    label = "audit"
    verbose_name = "Tamper-evident audit trail"

    def ready(self) -> None:
        from preventhub.audit import permissions  # noqa: F401  (registers rules)
        from preventhub.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label="Audit trail",
                url_name="audit:list",
                perm="audit.view_trail",
                description="Who saw or changed what, tamper-evident",
                order=90,
            )
        )
