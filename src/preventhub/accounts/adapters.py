"""allauth adapters: no self-service sign-up; SSO only for accounts that already exist;
plain-English errors that never say whether an account exists; 2FA cannot be switched off by
people whose role requires it."""

from __future__ import annotations

import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from preventhub.accounts.two_factor import requires_two_factor

# The same words whether the username exists or not, and whether an e-mail or a username was
# typed: the response must not help anyone find out which accounts exist.
WRONG_CREDENTIALS = "The username, email address or password is not correct."


def lockout_minutes() -> int:
    """How long failed sign-ins are counted for one username (the 'key' rate)."""
    from allauth.core.internal.ratelimit import parse_rates

    rates = parse_rates(getattr(settings, "ACCOUNT_RATE_LIMITS", {}).get("login_failed"))
    durations = [r.duration for r in rates if r.per == "key"] or [r.duration for r in rates]
    return max(1, math.ceil(max(durations, default=900) / 60))


def lockout_message() -> str:
    return (
        "There have been too many failed attempts to sign in. To protect the account, "
        f"signing in is paused for up to {lockout_minutes()} minutes. Wait and try again, "
        "or reset your password."
    )


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped (Any)
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.error_messages: dict[str, str] = {
            **DefaultAccountAdapter.error_messages,
            "username_password_mismatch": WRONG_CREDENTIALS,
            "email_password_mismatch": WRONG_CREDENTIALS,
            "too_many_login_attempts": lockout_message(),
            "incorrect_code": "The code is not correct. Enter the latest code from your app.",
            "enter_current_password": "Enter your current password",
            "incorrect_password": "The password is not correct",
        }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A sign-in moments ago counts as confirming it is you.

        Without this, a dsl made to set up 2FA straight after signing in would be asked for
        the password again, and again before seeing the recovery codes.
        """
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        return required and not signed_in_moments_ago(self.request)


def signed_in_moments_ago(request: HttpRequest | None) -> bool:
    """The session's last password or 2FA check is within ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    from allauth.account import app_settings as account_settings
    from allauth.account.internal.flows.login import get_authentication_records

    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    times = [r["at"] for r in records if r.get("method") in {"password", "mfa"}]
    return bool(times) and time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth is untyped (Any)
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth is untyped (Any)
    """Wire up with ``MFA_ADAPTER = "preventhub.accounts.adapters.MFAAdapter"``."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.error_messages: dict[str, str] = {
            **DefaultMFAAdapter.error_messages,
            "incorrect_code": "The code is not correct. Enter the latest code from your app, "
            "or one of your recovery codes.",
            "cannot_delete_authenticator": "Your role requires two-factor authentication, "
            "so it cannot be switched off.",
        }

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        return not requires_two_factor(authenticator.user)
