from django.urls import URLPattern, path

from preventhub.audit import views

app_name = "audit"
urlpatterns: list[URLPattern] = [
    path("audit/", views.event_list, name="list"),
    path("audit/<int:seq>/", views.event_detail, name="detail"),
    path("audit/verify/", views.verify, name="verify"),
    path("audit/export.csv", views.export_csv, name="export"),
]
