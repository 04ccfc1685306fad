from django.urls import URLPattern, path

from preventhub.policies import views

app_name = "policies"
urlpatterns: list[URLPattern] = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_new, name="new"),
    path("to-acknowledge/", views.my_policies, name="to_acknowledge"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("<uuid:pk>/", views.policy_detail, name="detail"),
    path("<uuid:pk>/edit/", views.policy_edit, name="edit"),
    path("<uuid:pk>/document/", views.policy_document, name="document"),
    path("<uuid:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
