"""Session time-outs and the mandatory second factor.

Written here rather than taken from a package: both are a few lines over Django's session and
allauth's Authenticator model, and no maintained package enforces 2FA per *role per provider*.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.middleware import get_user
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from preventhub.accounts.two_factor import has_totp, requires_two_factor

AUTH_AT = "preventhub_auth_at"
SEEN_AT = "preventhub_seen_at"
TOTP_SEEN = "preventhub_totp_seen"
_SEEN_RESOLUTION = 60  # seconds; avoids a session write on every request
SIGNED_OUT_MESSAGE = "You were signed out to protect the data. Please sign in again."


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, except that ``request.user`` is the user itself, loaded at once.

    Every request reads the user anyway (time-outs, 2FA, provider, no-store), and a page reads
    it dozens of times more: behind Django's lazy proxy each read is an extra lookup and often
    a caught exception (~50 µs a page). The user is loaded by the same function, with the same
    session checks, as the lazy proxy would.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = get_user(request)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith("/api/"):
            now = time.time()
            auth_at = request.session.setdefault(AUTH_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
            if idle or now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, SIGNED_OUT_MESSAGE)
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= _SEEN_RESOLUTION or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now
        return self.get_response(request)


_ALLOWED_WITHOUT_2FA = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_logout",
    "account_reauthenticate",
)


class RequireTwoFactorMiddleware:
    """dsl, deputy_dsl, senior_leader and admin reach nothing but 2FA set-up until it is done.

    Sets ``request.preventhub_2fa_pending`` so pages can hide what the user cannot reach yet.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending = (
            request.user.is_authenticated
            and not request.path.startswith(("/static/", "/api/"))
            and self._needs_setup(request)
        )
        request.preventhub_2fa_pending = pending  # type: ignore[attr-defined]
        if pending and not request.path.startswith(self.allowed_paths()):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_setup(request: HttpRequest) -> bool:
        """Look up the authenticator once per session: the MFA adapter stops these roles from
        removing it, so once seen it stays (and a role added later is checked afresh)."""
        if not requires_two_factor(request.user):
            return False
        if request.session.get(TOTP_SEEN):
            return False
        if has_totp(request.user):
            request.session[TOTP_SEEN] = True
            return False
        return True

    def allowed_paths(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = tuple(reverse(name) for name in _ALLOWED_WITHOUT_2FA)
        return self._allowed
