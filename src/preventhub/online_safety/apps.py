from django.apps import AppConfig


class OnlineSafetyConfig(AppConfig):
    name = "preventhub.online_safety"
    label = "online_safety"
    verbose_name = "Online safety: filtering and monitoring"

    def ready(self) -> None:
        from preventhub.online_safety import (
            permissions,  # noqa: F401  (registers rules)
            wiring_config,
            wiring_ingest,
            wiring_triage,
        )

        # Navigation, home panels and compliance findings, one module per part.
        wiring_ingest.register()
        wiring_config.register()
        wiring_triage.register()
