from django.apps import AppConfig


class SpeakersConfig(AppConfig):
    name = "preventhub.speakers"
    label = "speakers"
    verbose_name = "External speakers, events and lettings"

    def ready(self) -> None:
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.speakers import permissions  # noqa: F401  (registers rules)
        from preventhub.speakers.home import panel_context

        register_home_panel(
            HomePanel(
                name="speakers",
                template="speakers/home/panel.html",
                perm="speakers.request",
                order=40,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Speaker requests",
                url_name="speakers:queue",
                perm="speakers.manage",
                description="Speaker, event and letting requests to check and decide",
                order=30,
            )
        )
        register_nav(
            NavItem(
                label="Your speaker requests",
                url_name="speakers:mine",
                perm="speakers.request",
                description="Request an external speaker or event; record what happened after",
                order=31,
            )
        )
        from preventhub.speakers.register_views import register_navigation

        register_navigation()
