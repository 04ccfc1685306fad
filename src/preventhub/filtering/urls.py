from django.urls import URLPattern, path

from preventhub.filtering import check_views, decision_views, request_views, review_views, views

app_name = "filtering"
urlpatterns: list[URLPattern] = [
    # Overview, responsibilities and settings (views.py).
    path("", views.overview, name="overview"),
    path("responsibilities/", views.responsibility_list, name="responsibilities"),
    path("responsibilities/name/<str:kind>/", views.person_set, name="person_set"),
    path("responsibilities/products/new/", views.product_new, name="product_new"),
    path(
        "responsibilities/<uuid:pk>/end/", views.responsibility_end_view, name="responsibility_end"
    ),
    path("settings/", views.settings_view, name="settings"),
    # The block/allow decision log (decision_views.py).
    path("decisions/", decision_views.decision_list, name="decisions"),
    path("decisions/new/", decision_views.decision_new, name="decision_new"),
    path("decisions/<uuid:pk>/", decision_views.decision_detail, name="decision_detail"),
    path("decisions/export.<str:fmt>", decision_views.decisions_export, name="decisions_export"),
    # The annual review (review_views.py).
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/new/", review_views.review_new, name="review_new"),
    path("reviews/<uuid:pk>/", review_views.review_detail, name="review_detail"),
    # Filter tests (check_views.py).
    path("tests/", check_views.tests_overview, name="tests"),
    path("tests/plan/", check_views.test_plan, name="test_plan"),
    path("tests/plan/devices/<uuid:pk>/toggle/", check_views.device_toggle, name="device_toggle"),
    path("tests/plan/addresses/new/", check_views.address_new, name="address_new"),
    path("tests/plan/addresses/<uuid:pk>/", check_views.address_edit, name="address_edit"),
    path("tests/runs/new/", check_views.run_new, name="run_new"),
    path("tests/runs/<uuid:pk>/", check_views.run_detail, name="run_detail"),
    path("tests/checks/<uuid:pk>/follow-up/", check_views.follow_up, name="check_follow_up"),
    # Unblock requests (request_views.py).
    path("requests/", request_views.request_list, name="requests"),
    path("requests/mine/", request_views.my_requests, name="my_requests"),
    path("requests/new/", request_views.request_new, name="request_new"),
    path("requests/<uuid:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/decide/", request_views.request_decide_view, name="request_decide"),
]
