from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "preventhub.people"
    label = "people"
    verbose_name = "People: staff and learners"

    def ready(self) -> None:
        from preventhub.people import permissions  # noqa: F401  (registers rules)
