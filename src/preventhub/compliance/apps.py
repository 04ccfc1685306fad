from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "preventhub.compliance"
    label = "compliance"
    verbose_name = "Compliance and inspection readiness"

    def ready(self) -> None:
        from preventhub.compliance import permissions  # noqa: F401  (registers rules)
        from preventhub.compliance.home import panel_context
        from preventhub.compliance.rules import SOURCE, compliance_findings
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav

        register_findings(SOURCE, compliance_findings)
        register_home_panel(
            HomePanel(
                name="compliance",
                template="compliance/home/panel.html",
                perm=permissions.VIEW_SUMMARY,
                order=5,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Compliance",
                url_name="compliance:summary",
                perm=permissions.VIEW_SUMMARY,
                description="The seven areas of the duty: their status, findings, the yearly "
                "self-assessment, the dashboards and the evidence pack",
                order=5,
            )
        )
