from django.urls import URLPattern

app_name = "filtering"
urlpatterns: list[URLPattern] = []
