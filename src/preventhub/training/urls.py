from django.urls import URLPattern, path

from preventhub.training import (
    catalogue_views,
    import_views,
    questionnaire_views,
    record_views,
    views,
)

app_name = "training"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("compliance/", views.compliance, name="compliance"),
    path("actions/", views.actions, name="actions"),
    path("actions/export/", views.actions_export, name="actions_export"),
    path("impact/", views.impact, name="impact"),
    # Your own training and questionnaires (questionnaire_views.py).
    path("mine/", questionnaire_views.mine, name="mine"),
    path(
        "questionnaires/<uuid:pk>/<str:phase>/",
        questionnaire_views.questionnaire,
        name="questionnaire",
    ),
    # People, records, sessions and evidence (record_views.py).
    path("people/<uuid:pk>/", record_views.person, name="person"),
    path("records/new/", record_views.record_new, name="record_new"),
    path("records/<uuid:pk>/remove/", record_views.record_remove, name="record_remove"),
    path("records/<uuid:pk>/evidence/", record_views.record_evidence, name="record_evidence"),
    path("evidence/<uuid:pk>/", record_views.evidence_download, name="evidence"),
    path("sessions/", record_views.session_list, name="sessions"),
    path("sessions/new/", record_views.session_new, name="session_new"),
    path("sessions/<uuid:pk>/", record_views.session_detail, name="session"),
    path("sessions/<uuid:pk>/people/", record_views.session_people, name="session_people"),
    path("sessions/<uuid:pk>/evidence/", record_views.session_evidence, name="session_evidence"),
    # Certificate import (import_views.py).
    path("import/", import_views.import_upload, name="import"),
    path("import/check/", import_views.import_review, name="import_review"),
    # Catalogue, matrix, questions, settings (catalogue_views.py).
    path("courses/", catalogue_views.course_list, name="courses"),
    path("courses/new/", catalogue_views.course_new, name="course_new"),
    path("courses/<uuid:pk>/", catalogue_views.course_edit, name="course_edit"),
    path("requirements/", catalogue_views.requirements, name="requirements"),
    path("requirements/<str:audience>/", catalogue_views.requirement_edit, name="requirement_edit"),
    path("questions/", catalogue_views.question_list, name="questions"),
    path("questions/new/", catalogue_views.question_new, name="question_new"),
    path("questions/<uuid:pk>/", catalogue_views.question_edit, name="question_edit"),
    path("settings/", catalogue_views.training_settings, name="settings"),
]
