from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "preventhub.curriculum"
    label = "curriculum"
    verbose_name = "Curriculum, welfare and learner voice"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.curriculum import permissions  # (also registers the rules)
        from preventhub.curriculum.findings import curriculum_findings
        from preventhub.curriculum.home import panel_context

        register_findings("curriculum", curriculum_findings)
        register_home_panel(
            HomePanel(
                name="curriculum",
                template="curriculum/home/panel.html",
                perm=permissions.LOG_ACTIVITY,
                order=55,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Curriculum and learner voice",
                url_name="curriculum:coverage",
                perm=permissions.VIEW_COVERAGE,
                description="British values and Prevent topics by group, apprenticeship "
                "employers told of the duty, learner-voice surveys",
                order=50,
            )
        )
