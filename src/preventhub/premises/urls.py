from django.urls import URLPattern, path

from preventhub.premises import overview_views, views, visit_views

app_name = "premises"
urlpatterns: list[URLPattern] = [
    # Rooms and bookings (views.py).
    path("", views.room_list, name="rooms"),
    path("rooms/new/", views.room_new, name="room_new"),
    path("rooms/<uuid:pk>/", views.room_detail, name="room_detail"),
    path("rooms/<uuid:pk>/edit/", views.room_edit, name="room_edit"),
    path("rooms/<uuid:pk>/policy/", views.room_policy, name="room_policy"),
    path("rooms/<uuid:pk>/calendar/", views.calendar, name="calendar"),
    path("rooms/<uuid:pk>/book/", views.booking_new, name="booking_new"),
    path("bookings/", views.booking_list, name="bookings"),
    path("bookings/<uuid:pk>/cancel/", views.booking_cancel_view, name="booking_cancel"),
    # Monitoring (visit_views.py).
    path("rota/", visit_views.rota_view, name="rota"),
    path("rooms/<uuid:pk>/visit/", visit_views.visit_new, name="visit_new"),
    path("visits/", visit_views.visit_list, name="visits"),
    path("visits/<uuid:pk>/", visit_views.visit_detail, name="visit_detail"),
    path("visits/<uuid:pk>/follow-up/", visit_views.follow_up, name="visit_follow_up"),
    path("visits/<uuid:pk>/raise-concern/", visit_views.raise_concern, name="visit_concern"),
    # Overview, settings and exports (overview_views.py).
    path("overview/", overview_views.overview, name="overview"),
    path("settings/", overview_views.premises_settings, name="settings"),
    path("export/rooms.<str:fmt>", overview_views.rooms_export, name="rooms_export"),
    path("export/bookings.<str:fmt>", overview_views.bookings_export, name="bookings_export"),
    path("export/visits.<str:fmt>", overview_views.visits_export, name="visits_export"),
]
