from django.apps import AppConfig


class OnlineSafetyConfig(AppConfig):
    name = "preventhub.online_safety"
    label = "online_safety"
    verbose_name = "Online safety: filtering and monitoring"
