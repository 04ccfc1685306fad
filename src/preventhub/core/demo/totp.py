"""The current TOTP code of a demo user, so people trying the demo can sign in without a phone.

Only ever for an authenticator whose secret is the published demo secret: a real user's secret
is never read here beyond the comparison that refuses it.
"""

from __future__ import annotations

import hmac
import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from preventhub.accounts.models import User
from preventhub.core.demo.users import DEMO_TOTP_SECRET


class NotADemoUserError(Exception):
    """The user is missing, has no TOTP, or their TOTP secret is not the demo secret."""


def demo_totp_code(username: str, *, at: float | None = None) -> tuple[str, int]:
    """The 6-digit code for ``username`` now (or at ``at``), and the seconds it stays valid."""
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        raise NotADemoUserError(f"There is no user called {username!r}.")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        raise NotADemoUserError(f"{user.username} has no authenticator app (TOTP) set up.")
    secret = decrypt(totp.data["secret"])
    if not hmac.compare_digest(secret.encode(), DEMO_TOTP_SECRET.encode()):
        raise NotADemoUserError(
            f"{user.username}'s authenticator is not the demo one; refusing to show its code."
        )
    now = time.time() if at is None else at
    period = int(app_settings.TOTP_PERIOD)
    counter = int(now) // period
    return format_hotp_value(hotp_value(secret, counter)), period - int(now) % period
