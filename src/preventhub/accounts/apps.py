from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preventhub.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and sign-in"

    def ready(self) -> None:
        from preventhub.accounts import permissions, signals  # noqa: F401  (registers rules and receivers)
