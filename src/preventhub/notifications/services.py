"""Sending notifications: an in-app row per user and an email, both without case content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.notifications.models import Notification
from preventhub.notifications.tasks import send_notification_email


def absolute_url(path: str) -> str:
    return f"{settings.PREVENTHUB_BASE_URL.rstrip('/')}{path}"


def notify(
    *,
    provider: Provider,
    users: Iterable[Any],
    message: str,
    url: str,
    extra_emails: Iterable[str] = (),
) -> list[Notification]:
    """Tell ``users`` (in the app and by email) that ``message`` needs them, linking to ``url``.

    The email is queued when the surrounding transaction commits, so a rolled-back change never
    sends one. ``message`` must not hold case content: callers pass fixed phrases.
    """
    recipients = list({u.pk: u for u in users}.values())
    notes = Notification.unscoped.bulk_create(
        Notification(provider=provider, user=u, message=message, url=url) for u in recipients
    )
    emails = sorted({u.email for u in recipients if u.email} | set(extra_emails))
    if emails:
        body = (
            f"{message}\n\nOpen PreventHub to see it: {absolute_url(url)}\n\n"
            "This email deliberately holds no details. Sign in to read them."
        )
        subject = f"PreventHub: {message}"
        transaction.on_commit(
            lambda: send_notification_email.enqueue(recipients=emails, subject=subject, body=body)
        )
    return notes


def unread_count(user: Any, provider: Provider) -> int:
    return Notification.objects.for_provider(provider).filter(user=user, read_at=None).count()


def mark_read(user: Any, provider: Provider, ids: Iterable[Any] | None = None) -> int:
    rows = Notification.objects.for_provider(provider).filter(user=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
