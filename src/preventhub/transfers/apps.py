from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "preventhub.transfers"
    label = "transfers"
    verbose_name = "Safeguarding record transfer"

    def ready(self) -> None:
        from preventhub.transfers import permissions  # noqa: F401  (registers rules)
        from preventhub.transfers.panels import register

        register()
