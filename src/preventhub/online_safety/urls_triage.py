"""Routes for alerts and triage, the daily report, the identity drill-down and police shares."""

from django.urls import URLPattern, path

from preventhub.online_safety import reports_views, triage_views

urlpatterns: list[URLPattern] = [
    path("alerts/", triage_views.alert_list, name="alert_list"),
    path("alerts/<uuid:pk>/", triage_views.alert_detail, name="alert_detail"),
    path("reports/daily/", reports_views.daily_report, name="daily_report"),
]
