from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preventhub.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and sign-in"

    def ready(self) -> None:
        from preventhub.accounts import permissions, signals  # noqa: F401  (registers rules and receivers)
        from preventhub.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                label="Users and roles",
                url_name="accounts:user_list",
                perm="accounts.list_users",
                description="Who can sign in and what each person may do",
                order=80,
            )
        )
