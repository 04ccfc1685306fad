from django.urls import URLPattern, path

from preventhub.compliance import (
    assessment_views,
    dashboard_views,
    group_views,
    pack_views,
    views,
)

app_name = "compliance"
urlpatterns: list[URLPattern] = [
    # The summary and each area (views.py).
    path("", views.summary, name="summary"),
    path("areas/<slug:key>/", views.area, name="area"),
    # The yearly self-assessment (assessment_views.py).
    path("self-assessment/", assessment_views.assessments, name="assessments"),
    path("self-assessment/start/", assessment_views.assessment_start_view, name="assessment_start"),
    path("self-assessment/<uuid:pk>/", assessment_views.assessment_detail, name="assessment"),
    path("self-assessment/<uuid:pk>/step/", assessment_views.move, name="assessment_step"),
    path("self-assessment/<uuid:pk>/items/<slug:item>/", assessment_views.judge, name="judge"),
    path("self-assessment/<uuid:pk>/items/<slug:item>/plan/", assessment_views.plan, name="plan"),
    path(
        "self-assessment/<uuid:pk>/areas/<slug:area>/",
        assessment_views.summarise,
        name="summarise",
    ),
    path("self-assessment/<uuid:pk>/complete/", assessment_views.complete, name="complete"),
    # Dashboards (dashboard_views.py).
    path("dashboards/leaders/", dashboard_views.leaders, name="leaders"),
    path("dashboards/governors/", dashboard_views.governors, name="governors"),
    path("dashboards/safeguarding/", dashboard_views.safeguarding, name="safeguarding"),
    # The evidence pack and the governor reports (pack_views.py).
    path("evidence-pack/", pack_views.pack_page, name="pack"),
    path("evidence-pack/document/", pack_views.pack_document, name="pack_html"),
    path("evidence-pack.pdf", pack_views.pack_pdf, name="pack_pdf"),
    path("governor-reports/", pack_views.governor_reports, name="governor_reports"),
    path("governor-reports/now/", pack_views.governor_report_now, name="governor_report_now"),
    path("governor-reports/<uuid:pk>/", pack_views.governor_report, name="governor_report"),
    # The group roll-up (group_views.py): by group membership.
    path("groups/<slug:slug>/", group_views.group_compliance, name="group"),
]
