from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "preventhub.training"
    label = "training"
    verbose_name = "Staff training"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.training import permissions  # noqa: F401  (registers rules)
        from preventhub.training.findings import training_findings
        from preventhub.training.home import panel_context

        register_findings("training", training_findings)
        register_home_panel(
            HomePanel(
                name="training",
                template="training/home/panel.html",
                perm="training.view_own",
                order=45,
                context=panel_context,
            )
        )
        register_nav(
            NavItem(
                label="Staff training",
                url_name="training:dashboard",
                perm="training.view_figures",
                description="Training coverage, who is due, requirements, sessions and impact",
                order=35,
            )
        )
        register_nav(
            NavItem(
                label="Your training",
                url_name="training:mine",
                perm="training.view_own",
                description="Your Prevent training, what is due, and questionnaires to answer",
                order=36,
            )
        )
