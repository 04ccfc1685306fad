from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "preventhub.people"
    label = "people"
    verbose_name = "People: staff and learners"

    def ready(self) -> None:
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.people import permissions  # noqa: F401  (registers rules)

        register_nav(
            NavItem(
                label="People",
                url_name="people:list",
                perm="people.view_register",
                description="Staff and learners, imported from your MIS",
                order=20,
            )
        )
