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
from preventhub.compliance.api import router as compliance_router
from preventhub.concerns.api import router as concerns_router
from preventhub.concerns.statistics_api import router as concern_statistics_router
from preventhub.core.api import router as organisation_router
from preventhub.core.errors import ConflictError
from preventhub.curriculum.api import router as curriculum_router
from preventhub.filtering.api import router as filtering_router
from preventhub.online_safety.api import alerts_router as weblog_alerts_router
from preventhub.online_safety.api import ingest_router as weblog_ingest_router
from preventhub.online_safety.api import lists_router as weblog_lists_router
from preventhub.online_safety.api import reports_router as online_reports_router
from preventhub.partners.api import router as partners_router
from preventhub.people.api import router as people_router
from preventhub.policies.api import router as policies_router
from preventhub.premises.api import router as premises_router
from preventhub.referrals.api import router as referrals_router
from preventhub.risk.api import router as risk_router
from preventhub.speakers.api import register_router as speaker_register_router
from preventhub.speakers.api import router as speaker_requests_router
from preventhub.speakers.register_api import router as speaker_signals_router
from preventhub.training.api import router as training_router

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
# Before /concerns, whose /{concern_id} would otherwise take "statistics" for an id.
api.add_router("/concerns/statistics", concern_statistics_router)
api.add_router("/concerns", concerns_router)
api.add_router("", referrals_router)  # /concerns/{id}/referral
api.add_router("/speaker-requests", speaker_requests_router)
api.add_router("", speaker_register_router)  # /speaker-register
api.add_router("", risk_router)  # /risks, /risk-assessment/quality
api.add_router("/partners", partners_router)
api.add_router("/policies", policies_router)
api.add_router("/speakers", speaker_signals_router)
api.add_router("/curriculum", curriculum_router)
api.add_router("/premises", premises_router)
api.add_router("/training", training_router)
api.add_router("/weblogs", weblog_ingest_router)
api.add_router("/weblogs", weblog_lists_router)
api.add_router("/weblogs", weblog_alerts_router)
api.add_router("/reports", online_reports_router)  # /reports/daily-it
api.add_router("/filtering", filtering_router)
api.add_router("", compliance_router)  # /compliance/summary, /evidence-pack.pdf


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
