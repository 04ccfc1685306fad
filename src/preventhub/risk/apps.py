from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "preventhub.risk"
    label = "risk"
    verbose_name = "Risk assessment and action plan"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.risk import permissions  # (also registers the rules)
        from preventhub.risk.home import panel_context
        from preventhub.risk.quality import compliance_findings

        register_findings("risk", compliance_findings)
        register_home_panel(
            HomePanel(
                name="risk-actions",
                template="risk/home/panel.html",
                perm=permissions.OWN_ACTIONS,
                order=50,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Risk assessment",
                url_name="risk:assessment",
                perm=permissions.VIEW,
                description="Prevent risks by area, the action plan, its quality check and "
                "sign-off",
                order=40,
            )
        )
