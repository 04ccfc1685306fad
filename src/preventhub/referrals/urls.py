from django.urls import URLPattern, path

from preventhub.referrals import channel_views, views

app_name = "referrals"
urlpatterns: list[URLPattern] = [
    path("<uuid:concern_pk>/", views.referral_detail, name="detail"),
    path("<uuid:concern_pk>/start/", views.start, name="start"),
    path("<uuid:concern_pk>/edit/", views.edit, name="edit"),
    path("<uuid:concern_pk>/send/", views.send, name="send"),
    path("<uuid:concern_pk>/outcome/", views.outcome, name="outcome"),
    path("<uuid:concern_pk>/follow-ups/add/", views.follow_up, name="follow_up"),
    path("<uuid:concern_pk>/print/", views.print_view, name="print"),
    path("<uuid:concern_pk>/referral.pdf", views.pdf_view, name="pdf"),
    path("<uuid:concern_pk>/channel/", channel_views.channel_detail, name="channel"),
    path("<uuid:concern_pk>/channel/start/", channel_views.channel_open, name="channel_start"),
    path("<uuid:concern_pk>/channel/<slug:step>/", channel_views.channel_step, name="channel_step"),
]
