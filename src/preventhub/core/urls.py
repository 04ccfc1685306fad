from django.urls import path

from preventhub.core import organisation_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("provider/switch/", views.switch_provider, name="switch_provider"),
    path("groups/<slug:slug>/", views.group_overview, name="group_overview"),
    path("organisation/", organisation_views.organisation, name="organisation"),
]
