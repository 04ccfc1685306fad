from django.urls import URLPattern, path

from preventhub.risk import action_views, register_views, version_views, views

app_name = "risk"
urlpatterns: list[URLPattern] = [
    path("", views.assessment, name="assessment"),
    path("context/", views.context_edit, name="context"),
    path("risks/", register_views.register, name="register"),
    path("risks.csv", register_views.register_csv, name="register_csv"),
    path("risks.xlsx", register_views.register_xlsx, name="register_xlsx"),
    path("risks/add/", views.risk_add, name="risk_add"),
    path("risks/<uuid:pk>/", views.risk_detail, name="risk"),
    path("risks/<uuid:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<uuid:pk>/remove/", views.risk_remove, name="risk_remove"),
    path("risks/<uuid:pk>/actions/add/", action_views.action_add, name="action_add"),
    path("actions/mine/", action_views.mine, name="mine"),
    path("actions/<uuid:pk>/edit/", action_views.action_edit, name="action_edit"),
    path("actions/<uuid:pk>/progress/", action_views.action_progress_view, name="action_progress"),
    path("inputs/", views.inputs_page, name="inputs"),
    path("inputs/add/", views.input_add, name="input_add"),
    path("versions/", version_views.version_list, name="versions"),
    path("versions/<uuid:pk>/", version_views.version_detail, name="version"),
    path("changes/", version_views.changes, name="changes"),
    path("sign-off/", version_views.sign_off_view, name="sign_off"),
    path("board-report.pdf", version_views.board_report, name="board_report"),
]
