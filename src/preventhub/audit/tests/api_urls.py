"""The audit router mounted on a test API, so its tests do not depend on where api.py mounts it."""

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from preventhub.api.auth import TokenAuth
from preventhub.audit.api import router

test_api = NinjaAPI(urls_namespace="audit-api-test", auth=TokenAuth(), docs_url=None)
test_api.add_router("/audit", router)

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/audit-test/", test_api.urls),
    path("", include("preventhub.config.urls")),
]
