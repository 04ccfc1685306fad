"""The JSON API at /api/v1: token auth, JSON errors for every failure, OpenAPI document."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from preventhub.api.auth import TokenAuth
from preventhub.api.core_api import router as core_router
from preventhub.audit.api import router as audit_router
from preventhub.core.api import router as organisation_router
from preventhub.core.errors import ConflictError
from preventhub.people.api import router as people_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="PreventHub API",
    version="1",
    description=(
        "Versioned JSON API. Authenticate with `Authorization: Bearer <token>` "
        "(`preventhub create_token USERNAME`). A user who works at several providers names one "
        'in the `X-Provider` header. Errors are JSON `{"detail": ...}`; a record you may not '
        "see answers 404."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # the interactive docs page loads assets from a CDN; the JSON is enough
    auth=TokenAuth(),
)
api.add_router("", core_router)
api.add_router("", organisation_router)
api.add_router("/people", people_router)
api.add_router("/audit", audit_router)


def _json(request: HttpRequest, status: int, detail: object) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _json(request, 401, "Missing, invalid, expired or revoked token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _json(request, exc.status_code, str(exc))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _json(request, 422, exc.errors)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _json(request, 409, " ".join(exc.messages))


@api.exception_handler(ValidationError)
def on_domain_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return _json(request, 422, detail)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _json(request, 403, "You do not have permission to do this.")


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _json(request, 413, "Request body is too large.")
