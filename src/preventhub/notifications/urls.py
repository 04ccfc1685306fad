from django.urls import URLPattern, path

from preventhub.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern] = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<uuid:pk>/open/", views.notification_open, name="open"),
]
