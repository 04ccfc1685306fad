"""Notifications of the speakers module, and the daily outcome reminders."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.notifications.models import Notification
from preventhub.speakers.models import EventRequest
from preventhub.speakers.reminders import send_outcome_reminders
from preventhub.speakers.services import outcome_record, request_reopen
from preventhub.speakers.tests.helpers import approved, make_request

pytestmark = pytest.mark.django_db


def notes_for(user: Any) -> list[str]:
    return list(Notification.unscoped.filter(user=user).values_list("message", flat=True))


def ended(request: EventRequest, hours_ago: int = 2) -> EventRequest:
    now = timezone.now()
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=now - timedelta(hours=hours_ago + 1), ends_at=now - timedelta(hours=hours_ago)
    )
    request.refresh_from_db()
    return request


# --- notifications ---------------------------------------------------------------------------


def test_a_new_request_tells_the_coordinators_without_details(
    staff: Any,
    coordinator: Any,
    leader: Any,
    provider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(provider, staff, title="Secret title")
    assert notes_for(coordinator) == ["A new speaker or event request needs checks"]
    assert notes_for(leader) == []  # on time: not a senior leader's decision
    assert all("Secret title" not in m.body and "Sam" not in m.body for m in mail.outbox)
    note = Notification.unscoped.get(user=coordinator)
    assert note.url == reverse("speakers:detail", kwargs={"pk": request.pk})


def test_with_no_coordinator_the_safeguarding_lead_is_told(
    staff: Any, dsl: Any, provider: Any
) -> None:
    make_request(provider, staff)
    assert notes_for(dsl) == ["A new speaker or event request needs checks"]


def test_a_late_request_also_tells_the_senior_leaders(
    staff: Any, coordinator: Any, leader: Any, provider: Any
) -> None:
    make_request(
        provider, staff, starts_at=timezone.now() + timedelta(days=1), late_reason="Short notice"
    )
    expected = "A new speaker or event request needs checks (late: a senior leader decides it)"
    assert notes_for(leader) == [expected]
    assert notes_for(coordinator) == [expected]


def test_the_organiser_hears_of_the_decision_and_of_a_review(
    staff: Any, coordinator: Any, provider: Any
) -> None:
    request = approved(provider, staff)
    request_reopen(actor=coordinator, request=request, reason="New posts.")
    assert sorted(notes_for(staff)) == [
        "The decision on your request is being reviewed again",
        "Your request has a decision",
    ]


def test_an_organiser_deciding_their_own_request_is_not_told_about_it(
    coordinator: Any, provider: Any
) -> None:
    from preventhub.speakers.services import request_decide

    request = make_request(provider, coordinator)
    request_decide(
        actor=coordinator, request=request, decision="refused", risk_level="low", rationale="No."
    )
    assert "Your request has a decision" not in notes_for(coordinator)


# --- outcome reminders -------------------------------------------------------------------------


def test_an_ended_event_reminds_its_organiser_once_a_day_until_the_outcome_is_in(
    staff: Any, provider: Any
) -> None:
    request = ended(approved(provider, staff))
    today = timezone.localdate()
    assert send_outcome_reminders(today=today) == 1
    assert send_outcome_reminders(today=today) == 0  # at most once a day
    assert notes_for(staff).count("Record what happened at your event") == 1
    request.refresh_from_db()
    assert request.outcome_reminded_on == today
    note = Notification.unscoped.get(user=staff, message="Record what happened at your event")
    assert note.url == reverse("speakers:outcome", kwargs={"pk": request.pk})
    assert AuditEvent.objects.filter(
        object_id=str(request.pk), changed_fields=["outcome_reminded_on"]
    ).exists()
    assert send_outcome_reminders(today=today + timedelta(days=1)) == 1
    outcome_record(actor=staff, request=request, held=False)
    assert send_outcome_reminders(today=today + timedelta(days=2)) == 0


def test_future_withdrawn_and_refused_events_are_not_reminded(
    staff: Any, coordinator: Any, provider: Any
) -> None:
    from preventhub.speakers.services import request_decide, request_withdraw

    approved(provider, staff)  # in the future
    withdrawn = make_request(provider, staff)
    request_withdraw(actor=staff, request=withdrawn, reason="Cancelled.")
    ended(withdrawn)
    refused = make_request(provider, staff)
    request_decide(
        actor=coordinator, request=refused, decision="refused", risk_level="low", rationale="No."
    )
    ended(refused)
    assert send_outcome_reminders() == 0


def test_an_undecided_event_that_has_ended_is_reminded_too(staff: Any, provider: Any) -> None:
    ended(make_request(provider, staff))
    assert send_outcome_reminders() == 1


def test_when_the_organiser_has_left_the_coordinators_are_told(
    staff: Any, coordinator: Any, provider: Any
) -> None:
    ended(approved(provider, staff))
    staff.is_active = False
    staff.save()
    assert send_outcome_reminders() == 1
    assert "An event's outcome is not recorded and its organiser has left" in notes_for(coordinator)


def test_with_nobody_to_tell_nothing_is_marked(provider: Any, make_user: Any) -> None:
    organiser = make_user(provider, Role.STAFF)
    request = ended(make_request(provider, organiser))
    organiser.is_active = False
    organiser.save()
    assert send_outcome_reminders() == 0
    request.refresh_from_db()
    assert request.outcome_reminded_on is None  # the next run tries again


def test_the_command_reports_and_refuses_bad_dates(staff: Any, provider: Any) -> None:
    ended(approved(provider, staff))
    out = io.StringIO()
    call_command("send_speaker_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 outcome reminder."
    call_command("send_speaker_reminders", stdout=out)
    assert "Sent 0 outcome reminders." in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_speaker_reminders", "--date", "31/12/2026")
    later = timezone.localdate() + timedelta(days=3)
    with pytest.raises(CommandError, match="future"):
        call_command("send_speaker_reminders", "--date", later.isoformat())
