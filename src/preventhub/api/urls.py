from django.urls import path

from preventhub.api.api import api

urlpatterns = [path("", api.urls)]
