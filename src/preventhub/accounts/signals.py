"""Sign-in events go to the audit trail (who and from where; never the password tried)."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from preventhub.accounts.middleware import AUTH_AT, SEEN_AT
from preventhub.audit.services import audit_record


@receiver(password_reset)
def on_password_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Following the link we e-mailed proves the address is theirs (see email_address_vouch)."""
    from preventhub.accounts.services import email_address_vouch

    if user.email:
        email_address_vouch(user)


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    audit_record(actor=user, action="login", obj=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="logout", obj=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    audit_record(actor=None, action="login_failed", object_type="accounts.user")
