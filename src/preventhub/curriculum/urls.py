from django.urls import URLPattern, path

from preventhub.curriculum import answer_views, employer_views, exports, survey_views, views

app_name = "curriculum"
urlpatterns: list[URLPattern] = [
    # Coverage and the activity log (views.py, exports.py).
    path("", views.coverage_page, name="coverage"),
    path("coverage.<str:fmt>", exports.export_coverage, name="coverage_export"),
    path("activities/", views.activities, name="activities"),
    path("activities.<str:fmt>", exports.export_activities, name="activity_export"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<uuid:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<uuid:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<uuid:pk>/remove/", views.activity_remove, name="activity_remove"),
    path("speaker-events/<uuid:event_pk>/", views.event_groups, name="event_groups"),
    # Apprenticeship employers (employer_views.py).
    path("employers/", employer_views.employers, name="employers"),
    path("employers.<str:fmt>", exports.export_employers, name="employer_export"),
    path("employers/record/", employer_views.communication_new, name="communication_new"),
    path(
        "employers/communications/<uuid:pk>/",
        employer_views.communication_detail,
        name="communication_detail",
    ),
    path(
        "employers/communications/<uuid:pk>/edit/",
        employer_views.communication_edit,
        name="communication_edit",
    ),
    path(
        "employers/communications/<uuid:pk>/remove/",
        employer_views.communication_remove,
        name="communication_remove",
    ),
    # Learner-voice surveys (survey_views.py).
    path("surveys/", survey_views.survey_list, name="surveys"),
    path("surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/over-time/", survey_views.survey_trends, name="survey_trends"),
    path("surveys/questions/", survey_views.question_bank, name="questions"),
    path("surveys/questions/<uuid:pk>/", survey_views.question_edit, name="question_edit"),
    path("surveys/<uuid:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("surveys/<uuid:pk>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("surveys/<uuid:pk>/open/", survey_views.survey_open_view, name="survey_open"),
    path("surveys/<uuid:pk>/close/", survey_views.survey_close_view, name="survey_close"),
    path("surveys/<uuid:pk>/links/", survey_views.survey_links, name="survey_links"),
    path("surveys/<uuid:pk>/results/", survey_views.survey_results_page, name="survey_results"),
    # Answering, for learners: public, through a one-time link (answer_views.py).
    path("answer/", answer_views.answer_start, name="answer_start"),
    path("answer/thanks/", answer_views.answer_thanks, name="answer_thanks"),
    path("answer/<str:code>/", answer_views.answer, name="answer"),
]
