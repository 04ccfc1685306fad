"""Reminders to organisers to record what happened at their event (issue 4, item 4).

``send_outcome_reminders`` is a system job (``preventhub send_speaker_reminders``, run daily).
Every event that has ended, was approved (or never decided) and has no outcome recorded sends
its organiser — or, when the organiser has left, the speaker coordinators — a reminder with a
link and no event details. ``EventRequest.outcome_reminded_on`` records the day: a request is
reminded at most once a day however often the job runs, and every day until the outcome is in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.notifications.services import notify
from preventhub.speakers.choices import APPROVED_STATUSES, Status
from preventhub.speakers.models import EventRequest

REMINDER_MESSAGE = "Record what happened at your event"
COORDINATOR_MESSAGE = "An event's outcome is not recorded and its organiser has left"


def outcomes_due(today: date) -> Iterator[EventRequest]:
    """Ended events (before today ends) with no outcome, not reminded today."""
    end_of_today = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    rows = (
        EventRequest.unscoped.filter(
            status__in=[*APPROVED_STATUSES, Status.SUBMITTED], ends_at__lt=end_of_today
        )
        .filter(Q(outcome_reminded_on__isnull=True) | Q(outcome_reminded_on__lt=today))
        .select_related("organiser", "provider")
        .order_by("ends_at")
    )
    now = timezone.now()
    for request in rows.iterator(chunk_size=200):
        if request.ends_at <= now:
            yield request


def _recipients(request: EventRequest) -> tuple[list[Any], str]:
    organiser = request.organiser
    if organiser is not None and organiser.is_active and roles_for(organiser, request.provider_id):
        return [organiser], REMINDER_MESSAGE
    return users_holding(request.provider, [Role.SPEAKER_COORDINATOR]), COORDINATOR_MESSAGE


def _remind(request: EventRequest, today: date) -> bool:
    """Claim today's reminder (so two runs at once send one) and send it; False if taken."""
    users, message = _recipients(request)
    if not users:
        return False
    with transaction.atomic():
        claimed = (
            EventRequest.unscoped.filter(pk=request.pk)
            .filter(Q(outcome_reminded_on__isnull=True) | Q(outcome_reminded_on__lt=today))
            .update(outcome_reminded_on=today)
        )
        if not claimed:
            return False
        url = reverse("speakers:outcome", kwargs={"pk": request.pk})
        notify(provider=request.provider, users=users, message=message, url=url)
        audit_record(
            actor=None,
            action="update",
            obj=request,
            changed_fields=["outcome_reminded_on"],
            detail={"reminder": "outcome", "recipients": len(users)},
        )
    return True


def send_outcome_reminders(*, today: date | None = None) -> int:
    """Remind the organiser of every ended event with no outcome; the number reminded."""
    today = today or timezone.localdate()
    return sum(1 for request in outcomes_due(today) if _remind(request, today))
