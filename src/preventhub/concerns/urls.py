from django.urls import URLPattern, path

from preventhub.concerns import case_views, statistics_views, views

app_name = "concerns"
urlpatterns: list[URLPattern] = [
    path("", views.inbox_view, name="inbox"),
    path("raise/", views.raise_concern, name="raise"),
    path("raise/sent/<uuid:pk>/", views.raised, name="raised"),
    path("mine/", views.my_concerns, name="mine"),
    path("settings/", views.safeguarding_settings, name="settings"),
    path("<uuid:pk>/", views.concern_detail, name="detail"),
    path("<uuid:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:pk>/decision/", views.decide, name="decide"),
    # Case work (case_views.py): chronology, actions, links, reviews, documents, closure.
    path("<uuid:pk>/entries/add/", case_views.entry_add, name="entry_add"),
    path("<uuid:pk>/entries/<uuid:entry_pk>/edit/", case_views.entry_edit, name="entry_edit"),
    path(
        "<uuid:pk>/entries/<uuid:entry_pk>/versions/",
        case_views.entry_history,
        name="entry_versions",
    ),
    path("<uuid:pk>/actions/add/", case_views.action_create, name="action_add"),
    path("<uuid:pk>/actions/<uuid:action_pk>/done/", case_views.action_done, name="action_done"),
    path("<uuid:pk>/people/add/", case_views.link_create, name="link_add"),
    path("<uuid:pk>/reviews/add/", case_views.review_create, name="review_add"),
    path("<uuid:pk>/subject/", case_views.subject_link, name="subject_link"),
    path("<uuid:pk>/lead/", case_views.lead_assign, name="lead_assign"),
    path("<uuid:pk>/close/", case_views.close, name="close"),
    path("<uuid:pk>/reopen/", case_views.reopen, name="reopen"),
    path("<uuid:pk>/documents/add/", case_views.document_add, name="document_add"),
    path(
        "<uuid:pk>/documents/<uuid:attachment_pk>/",
        case_views.document_download,
        name="document_download",
    ),
    # Statistics (statistics_views.py).
    path("statistics/", statistics_views.statistics, name="statistics"),
]
