"""Routes for alerts and triage, the daily report, the identity drill-down and police shares."""

from django.urls import URLPattern, path

from preventhub.online_safety import (
    drilldown_views,
    police_export_views,
    reports_views,
    triage_views,
)

urlpatterns: list[URLPattern] = [
    # Alerts and their triage (triage_views.py).
    path("alerts/", triage_views.alert_list, name="alert_list"),
    path("alerts/<uuid:pk>/", triage_views.alert_detail, name="alert_detail"),
    path(
        "alerts/<uuid:pk>/acknowledge/",
        triage_views.alert_acknowledge_view,
        name="alert_acknowledge",
    ),
    path(
        "alerts/<uuid:pk>/false-positive/",
        triage_views.alert_false_positive_view,
        name="alert_false_positive",
    ),
    path("alerts/<uuid:pk>/person/", triage_views.alert_link_person, name="alert_link_person"),
    path(
        "alerts/<uuid:pk>/raise-concern/",
        triage_views.alert_raise_concern_view,
        name="alert_raise_concern",
    ),
    # One identity's activity, for the safeguarding team (drilldown_views.py).
    path(
        "identities/<uuid:pk>/",
        drilldown_views.identity_activity_view,
        name="identity_activity",
    ),
    # The daily report for leaders (reports_views.py).
    path("reports/daily/", reports_views.daily_report, name="daily_report"),
    # What was shared with the police Prevent team (police_export_views.py).
    path("police-shares/", police_export_views.share_list, name="police_shares"),
    path("police-shares/new/", police_export_views.share_new, name="police_share_new"),
    path(
        "police-shares/<uuid:pk>/blocked-sites.csv",
        police_export_views.share_download,
        name="police_share_download",
    ),
]
