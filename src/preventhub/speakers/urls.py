from django.urls import URLPattern, path

from preventhub.speakers import register_feed_views, register_partner_views, register_views, views

app_name = "speakers"
# Requests, checks, decisions and outcomes (views.py). The register pages are register_views.py.
urlpatterns: list[URLPattern] = [
    path("mine/", views.my_requests, name="mine"),
    path("new/", views.request_new, name="new"),
    path("lettings/new/", views.letting_new, name="letting_new"),
    path("requests/", views.queue_view, name="queue"),
    path("settings/", views.speaker_settings, name="settings"),
    path("requests/<uuid:pk>/", views.request_detail, name="detail"),
    path("requests/<uuid:pk>/checks/add/", views.check_add, name="check_add"),
    path("requests/<uuid:pk>/speakers/<uuid:link_pk>/consent/", views.consent, name="consent"),
    path("requests/<uuid:pk>/decision/", views.decide, name="decide"),
    path("requests/<uuid:pk>/reopen/", views.reopen, name="reopen"),
    path("requests/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<uuid:pk>/outcome/", views.outcome, name="outcome"),
    path("requests/<uuid:pk>/materials/add/", views.material_upload, name="material_add"),
    path(
        "requests/<uuid:pk>/materials/<uuid:material_pk>/",
        views.material_download,
        name="material_download",
    ),
    # The central register, its exports, calendar feed and partner extract (register_*.py).
    path("overview/", register_views.dashboard, name="dashboard"),
    path("register/", register_views.register_list, name="register"),
    path("register/export.csv", register_views.register_csv, name="register_csv"),
    path("register/export.xlsx", register_views.register_xlsx, name="register_xlsx"),
    path("calendar/", register_feed_views.calendar_page, name="calendar"),
    path("calendar/new/", register_feed_views.calendar_create, name="calendar_create"),
    path("calendar/stop/", register_feed_views.calendar_revoke, name="calendar_revoke"),
    path("calendar.ics", register_feed_views.calendar_feed, name="calendar_feed"),
    path("partners/", register_partner_views.partner_extract, name="partner_extract"),
    path("partners/<uuid:pk>/", register_partner_views.partner_share, name="partner_share"),
    path(
        "partners/<uuid:pk>/extract.csv",
        register_partner_views.partner_share_csv,
        name="partner_share_csv",
    ),
    path(
        "partners/<uuid:pk>/print/",
        register_partner_views.partner_share_print,
        name="partner_share_print",
    ),
]
