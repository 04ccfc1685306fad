"""Routes for monitoring configuration and the classification lists."""

from django.urls import URLPattern, path

from preventhub.online_safety import config_views, lists_views

urlpatterns: list[URLPattern] = [
    # Log sources and settings (config_views.py).
    path("sources/", config_views.source_list, name="source_list"),
    path("sources/new/", config_views.source_new, name="source_new"),
    path("sources/<uuid:pk>/", config_views.source_edit, name="source_edit"),
    path("sources/<uuid:pk>/active/", config_views.source_active, name="source_active"),
    path("settings/", config_views.monitoring_settings, name="monitoring_settings"),
    # Categories, domains, keywords and list imports (lists_views.py).
    path("lists/", lists_views.category_list, name="category_list"),
    path("lists/new/", lists_views.category_new, name="category_new"),
    path("lists/import/", lists_views.list_import, name="list_import"),
    path("lists/keywords/", lists_views.keyword_list, name="keyword_list"),
    path("lists/keywords/<uuid:pk>/", lists_views.keyword_edit, name="keyword_edit"),
    path("lists/<uuid:pk>/", lists_views.category_detail, name="category_detail"),
    path("lists/<uuid:pk>/edit/", lists_views.category_edit, name="category_edit"),
    path("lists/<uuid:pk>/remove/", lists_views.domain_remove, name="domain_remove"),
]
