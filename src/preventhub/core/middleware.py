"""Request-wide plumbing: request context for audit, the current provider, deny-by-default."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from preventhub.core.access import policy_of
from preventhub.core.request_context import reset_request_meta, set_request_meta

logger = logging.getLogger(__name__)
SESSION_PROVIDER_KEY = "preventhub_provider_id"
# Third-party and API views enforce access themselves (allauth's own checks; the API's token
# auth and per-operation permissions, walked by tests).
SELF_GUARDED_PREFIXES = ("/accounts/", "/api/", "/static/")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_meta(request)
        try:
            return self.get_response(request)
        finally:
            reset_request_meta(token)


class CurrentProviderMiddleware:
    """Sets ``request.provider``: the provider the user chose, re-checked against their roles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.provider = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            from preventhub.accounts.selectors import providers_for_user

            providers = list(providers_for_user(request.user))
            wanted = request.session.get(SESSION_PROVIDER_KEY)
            chosen = next((p for p in providers if p.pk == wanted), None)
            if chosen is None and providers:
                chosen = providers[0]
            request.provider = chosen  # type: ignore[attr-defined]
            request.user_providers = providers  # type: ignore[attr-defined]
        return self.get_response(request)


class AccessGateMiddleware:
    """Deny by default: a view with no declared access policy answers 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if policy_of(view_func) is not None or request.path.startswith(SELF_GUARDED_PREFIXES):
            return None
        logger.error(
            "View %s has no access policy; refused.", getattr(view_func, "__name__", view_func)
        )
        raise Http404("Not found.")


class NoStoreForSignedInMiddleware:
    """Pages seen by a signed-in user may hold personal data: never let a cache keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path.startswith("/api/")
        if personal and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class ApiJsonErrorsMiddleware:
    """Whatever fails under /api/ (405s, CSRF, Django's own errors) answers JSON, never HTML."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = JsonResponse(
                {"detail": response.reason_phrase}, status=response.status_code
            )
            for header in ("Allow", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
