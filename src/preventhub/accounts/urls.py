from django.urls import path

from preventhub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.account, name="account"),
]
