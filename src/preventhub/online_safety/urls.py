"""Online-safety pages, mounted at /online-safety/. Each part keeps its own routes module."""

from django.urls import URLPattern, URLResolver

from preventhub.online_safety import urls_config, urls_ingest, urls_triage

app_name = "online_safety"
urlpatterns: list[URLPattern | URLResolver] = [
    *urls_ingest.urlpatterns,
    *urls_config.urlpatterns,
    *urls_triage.urlpatterns,
]
