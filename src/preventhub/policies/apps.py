from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "preventhub.policies"
    label = "policies"
    verbose_name = "Policies"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.policies import permissions  # noqa: F401  (registers rules)
        from preventhub.policies.findings import policy_findings
        from preventhub.policies.home import panel_context

        register_findings("policies", policy_findings)
        register_home_panel(
            HomePanel(
                name="policies-acknowledge",
                template="policies/home/panel.html",
                perm="policies.acknowledge",
                order=50,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Policies",
                url_name="policies:list",
                perm="policies.view_register",
                description="The policies the duty touches: versions, reviews, Prevent "
                "references, staff acknowledgement",
                order=50,
            )
        )
