"""Routes for ingesting logs: the upload, the ingestion history and one ingestion."""

from django.urls import URLPattern, path

from preventhub.online_safety import ingest_views

urlpatterns: list[URLPattern] = [
    path("ingestions/", ingest_views.ingestion_list, name="ingestion_list"),
    path("ingestions/upload/", ingest_views.upload, name="upload"),
    path("ingestions/<uuid:pk>/", ingest_views.ingestion_detail, name="ingestion_detail"),
]
