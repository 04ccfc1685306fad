from django.apps import AppConfig


class PremisesConfig(AppConfig):
    name = "preventhub.premises"
    label = "premises"
    verbose_name = "Premises: faith and reflection rooms"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.premises import permissions  # noqa: F401  (registers rules)
        from preventhub.premises.findings import premises_findings
        from preventhub.premises.home import panel_context

        register_findings("premises", premises_findings)
        register_home_panel(
            HomePanel(
                name="premises",
                template="premises/home/panel.html",
                perm="premises.record_visit",
                order=45,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Faith rooms",
                url_name="premises:rooms",
                perm="premises.view_rooms",
                description="Faith and reflection rooms: their usage policy, bookings and sign-ins",
                order=50,
            )
        )
        register_nav(
            NavItem(
                label="Faith room monitoring",
                url_name="premises:overview",
                perm="premises.view_register",
                description="Monitoring visits due, what they found, and the findings",
                order=51,
            )
        )
