from django.urls import URLPattern, path

from preventhub.transfers import views

app_name = "transfers"
urlpatterns: list[URLPattern] = [
    path("", views.transfer_list, name="list"),
    path("send/", views.transfer_new, name="new"),
    path("receive/", views.transfer_receive_view, name="receive"),
    path("<uuid:pk>/", views.transfer_detail, name="detail"),
    path("<uuid:pk>/package/", views.transfer_download, name="download"),
    path("<uuid:pk>/receipt/upload/", views.receipt_upload, name="receipt_upload"),
    path("<uuid:pk>/accept/", views.transfer_accept_view, name="accept"),
    path("<uuid:pk>/reject/", views.transfer_reject_view, name="reject"),
    path("<uuid:pk>/receipt/", views.receipt_download, name="receipt"),
]
