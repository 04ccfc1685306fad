"""Writes for the daily IT report: who opened it, and the morning e-mail.

Each opening is recorded in ``DailyReportRead`` (one row per reader and day, the first
opening): the compliance view asks whether leaders actually read it. The morning message goes
to the senior leaders and the designated safeguarding lead through ``notify()``: a fixed phrase
and a link, never a figure, domain or pseudonym. It is sent once per reader and day, so running
the command twice (or from two timers) sends nothing more.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.core.models import Provider
from preventhub.notifications.models import Notification
from preventhub.notifications.services import notify
from preventhub.online_safety.models import DailyReportRead, LogSource

REPORT_MESSAGE = "The daily online-safety report is ready"
REPORT_RECIPIENTS = (Role.SENIOR_LEADER, Role.DSL)


def report_url(day: date) -> str:
    return f"{reverse('online_safety:daily_report')}?date={day.isoformat()}"


def report_record_read(*, user: Any, provider: Provider, day: date) -> bool:
    """Record that ``user`` opened the report for ``day`` (once); True on the first opening."""
    if DailyReportRead.objects.filter(provider=provider, day=day, user=user).exists():
        return False
    try:
        with transaction.atomic():
            DailyReportRead.objects.create(
                provider=provider, day=day, user=user, opened_at=timezone.now()
            )
    except IntegrityError:
        return False  # opened at the same moment in another tab: already recorded
    return True


def send_daily_report(*, provider: Provider, day: date) -> int:
    """Tell the provider's senior leaders and dsl that ``day``'s report is ready (once each);
    returns how many were told. Providers that monitor nothing are not written to."""
    if not LogSource.objects.for_provider(provider).exists():
        return 0
    url = report_url(day)
    with transaction.atomic():
        # Two runs at once (two timers) queue here, so the second sees the first's messages.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        told = set(
            Notification.objects.for_provider(provider)
            .filter(url=url, message=REPORT_MESSAGE)
            .values_list("user_id", flat=True)
        )
        users = [u for u in users_holding(provider, REPORT_RECIPIENTS) if u.pk not in told]
        if users:
            notify(provider=provider, users=users, message=REPORT_MESSAGE, url=url)
    return len(users)


def send_daily_reports(day: date) -> dict[str, int]:
    """Every provider's report for ``day``: {provider slug: readers told}."""
    return {
        provider.slug: send_daily_report(provider=provider, day=day)
        for provider in Provider.objects.order_by("slug")
    }
