from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path

from preventhub.api.access import api_public
from preventhub.api.api import api


@api_public
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API paths answer JSON, never the HTML 404 page."""
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found, name="api-not-found")]
