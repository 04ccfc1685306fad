from django.apps import AppConfig


class FilteringConfig(AppConfig):
    name = "preventhub.filtering"
    label = "filtering"
    verbose_name = "Filtering governance"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.filtering import permissions
        from preventhub.filtering.findings import filtering_findings
        from preventhub.filtering.home import it_panel_context, learner_panel_context

        register_findings("filtering", filtering_findings)
        register_home_panel(
            HomePanel(
                name="filtering_it",
                template="filtering/home/it_panel.html",
                perm=permissions.IT_PANEL,
                order=40,
                context=it_panel_context,
            )
        )
        register_home_panel(
            HomePanel(
                name="filtering_learner",
                template="filtering/home/learner_panel.html",
                perm=permissions.LEARNER_PANEL,
                order=20,
                context=learner_panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Filtering governance",
                url_name="filtering:overview",
                perm=permissions.VIEW,
                description="Who is responsible, block and allow decisions, the annual review, "
                "filter tests and unblock requests",
                order=62,
            )
        )
        register_nav(
            NavItem(
                label="Website unblock requests",
                url_name="filtering:my_requests",
                perm=permissions.REQUEST,
                description="Ask for a blocked website to be unblocked for your study, and see "
                "the decision",
                order=63,
            )
        )
