from django.apps import AppConfig


class FilteringConfig(AppConfig):
    name = "preventhub.filtering"
    label = "filtering"
    verbose_name = "Filtering governance"
