from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "preventhub.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from preventhub.core.home_panels import HomePanel, register_home_panel
        from preventhub.notifications.home import unread_context

        register_home_panel(
            HomePanel(
                name="notifications-unread",
                template="notifications/home.html",
                perm="core.view_home",
                order=1,
                context=unread_context,
            )
        )
