"""Reminders: who is told, of what, once per due date, and never with case content."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.models import CaseAction, Concern
from preventhub.concerns.services import action_add, concern_assign_lead, review_record
from preventhub.notifications.models import Notification
from preventhub.referrals.channel import channel_add_review
from preventhub.referrals.models import ReminderSent
from preventhub.referrals.reminders import MESSAGES, send_due_reminders
from preventhub.referrals.tests.helpers import channel_in, concern_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def notes_for(user: Any) -> list[str]:
    """The reminders ``user`` was sent (raising a concern notifies the team too)."""
    notes = Notification.unscoped.filter(user=user, message__in=MESSAGES.values())
    return list(notes.values_list("message", flat=True))


def adopted_with_review_in(provider: Any, lead: Any, days: int) -> Any:
    channel = channel_in(provider, "adopted", lead)
    channel_add_review(
        actor=lead,
        channel=channel,
        held_on=TODAY() - timedelta(days=1),
        notes="CANARY-review-notes",
        next_review_on=TODAY() + timedelta(days=days),
    )
    channel.refresh_from_db()
    return channel


def test_a_channel_review_due_in_two_days_reminds_the_lead_once(
    provider: Any, dsl: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    deputy = make_user(provider, Role.DEPUTY_DSL)
    channel = adopted_with_review_in(provider, dsl, days=2)
    concern_assign_lead(actor=dsl, concern=channel.concern, lead=deputy)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_due_reminders()
    assert first["channel_review"] == 1
    assert notes_for(deputy) == ["A Channel review is due"]
    assert notes_for(dsl) == []
    note = Notification.unscoped.get(user=deputy, message__in=MESSAGES.values())
    assert note.url == f"/referrals/{channel.concern_id}/channel/"
    assert mail.outbox
    assert all("CANARY" not in m.body and "Alex" not in m.body for m in mail.outbox)
    # A re-run (the same day or later) sends nothing twice.
    assert sum(send_due_reminders().values()) == 0
    assert sum(send_due_reminders(today=TODAY() + timedelta(days=5)).values()) == 0
    assert notes_for(deputy) == ["A Channel review is due"]


def test_a_review_further_off_is_not_announced_yet(provider: Any, dsl: Any) -> None:
    adopted_with_review_in(provider, dsl, days=3)
    assert send_due_reminders()["channel_review"] == 0
    assert send_due_reminders(today=TODAY() + timedelta(days=1))["channel_review"] == 1


def test_a_new_review_date_is_a_new_reminder(provider: Any, dsl: Any) -> None:
    channel = adopted_with_review_in(provider, dsl, days=1)
    send_due_reminders()
    channel_add_review(
        actor=dsl,
        channel=channel,
        held_on=TODAY(),
        notes="n",
        next_review_on=TODAY() + timedelta(days=14),
    )
    assert send_due_reminders(today=TODAY() + timedelta(days=12))["channel_review"] == 1
    assert ReminderSent.objects.for_provider(provider).count() == 2


def test_without_a_lead_the_dsls_are_told(provider: Any, dsl: Any, make_user: Any) -> None:
    second_dsl = make_user(provider, Role.DSL)
    concern = concern_for(provider)
    Concern.unscoped.filter(pk=concern.pk).update(
        lead=None, next_review_on=TODAY() - timedelta(days=1)
    )
    assert send_due_reminders()["concern_review"] == 1
    assert notes_for(dsl) == ["A case review is due"]
    assert notes_for(second_dsl) == ["A case review is due"]


def test_a_lead_who_left_the_team_is_replaced_by_the_dsls(
    provider: Any, dsl: Any, make_user: Any
) -> None:
    former = make_user(provider, Role.DEPUTY_DSL)
    concern = concern_for(provider)
    review_record(
        actor=dsl,
        concern=concern,
        held_on=TODAY() - timedelta(days=30),
        summary="First review.",
        next_review_on=TODAY(),
    )
    concern_assign_lead(actor=dsl, concern=concern, lead=former)
    former.is_active = False
    former.save()
    send_due_reminders()
    assert notes_for(former) == []
    assert notes_for(dsl) == ["A case review is due"]


def test_an_overdue_action_reminds_its_owner(
    provider: Any, dsl: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    concern = concern_for(provider)
    with django_capture_on_commit_callbacks(execute=True):
        action = action_add(
            actor=dsl,
            concern=concern,
            description="CANARY-action: speak to the parents",
            owner=staff,
            due_on=TODAY(),
        )
        assert send_due_reminders()["case_action"] == 0  # due today: not overdue yet
        tomorrow = TODAY() + timedelta(days=1)
        assert send_due_reminders(today=tomorrow)["case_action"] == 1
    note = Notification.unscoped.get(user=staff, message__in=MESSAGES.values())
    assert note.message == "A case action is overdue"
    assert note.url == "/"  # staff cannot open the case, so the link goes home
    assert all("CANARY" not in m.body for m in mail.outbox)
    assert send_due_reminders(today=tomorrow)["case_action"] == 0
    CaseAction.unscoped.filter(pk=action.pk).update(completed_at=timezone.now())
    assert ReminderSent.objects.for_provider(provider).count() == 1


def test_closed_cases_and_finished_channel_cases_are_not_reminded(provider: Any, dsl: Any) -> None:
    concern = concern_for(provider)
    Concern.unscoped.filter(pk=concern.pk).update(status="closed", next_review_on=TODAY())
    channel = channel_in(provider, "not_adopted", dsl)
    channel.next_review_on = TODAY()
    channel.save()
    assert sum(send_due_reminders().values()) == 0


def test_the_command_reports_what_it_sent_and_refuses_a_bad_date(provider: Any, dsl: Any) -> None:
    adopted_with_review_in(provider, dsl, days=0)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Sent 1 reminders (channel review: 1, case review: 0, case action: 0, "
        "record transfer not received: 0)."
    )
    out = StringIO()
    call_command("send_reminders", "--date", TODAY().isoformat(), stdout=out)
    assert out.getvalue().startswith("Sent 0 reminders")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "next tuesday")
