from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "preventhub.core"
    label = "core"
    verbose_name = "Tenancy and shared foundations"

    def ready(self) -> None:
        from preventhub.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label="Organisation",
                url_name="core:organisation",
                perm="core.manage_organisation",
                description="Sites and departments of this provider",
                order=85,
            )
        )
