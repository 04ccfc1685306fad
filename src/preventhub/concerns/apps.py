from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "preventhub.concerns"
    label = "concerns"
    verbose_name = "Concerns, cases and referrals"

    def ready(self) -> None:
        from preventhub.concerns import permissions  # noqa: F401  (registers rules)
        from preventhub.concerns.case_views import register_case_work
        from preventhub.concerns.home import raise_context, triage_context
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav

        register_case_work()
        register_home_panel(
            HomePanel(
                name="concerns-triage",
                template="concerns/home/triage.html",
                perm="concerns.view_inbox",
                order=10,
                context=triage_context,
            )
        )
        register_home_panel(
            HomePanel(
                name="concerns-raise",
                template="concerns/home/raise.html",
                perm="concerns.raise_concern",
                order=20,
                context=raise_context,
            )
        )

        register_nav(
            NavItem(
                label="Safeguarding inbox",
                url_name="concerns:inbox",
                perm="concerns.view_inbox",
                description="New concerns to triage, open cases, actions and reviews due",
                order=10,
            )
        )
        register_nav(
            NavItem(
                label="Concern statistics",
                url_name="concerns:statistics",
                perm="concerns.view_statistics",
                description="Anonymised figures: volumes, outcomes, time to triage, open cases",
                order=60,
            )
        )
        register_nav(
            NavItem(
                label="Raise a concern",
                url_name="concerns:raise",
                perm="concerns.raise_concern",
                description="Tell the safeguarding lead about a worry, in about a minute",
                order=5,
                header=True,
            )
        )
