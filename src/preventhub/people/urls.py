from django.urls import URLPattern, path

from preventhub.people import import_views, views

app_name = "people"
urlpatterns: list[URLPattern] = [
    path("", views.person_list, name="list"),
    path("import/", import_views.import_upload, name="import"),
    path("import/review/", import_views.import_review, name="import_review"),
    path("<uuid:pk>/", views.person_detail, name="detail"),
    path("<uuid:pk>/edit/", views.person_edit, name="edit"),
    path("<uuid:pk>/support-needs/", views.person_support_needs, name="support_needs"),
]
