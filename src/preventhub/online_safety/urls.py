from django.urls import URLPattern

app_name = "online_safety"
urlpatterns: list[URLPattern] = []
