"""``preventhub send_training_reminders``: once per due date, questionnaires, the leads' digest
for staff without a sign-in, no personal content, and its --date option."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from preventhub.accounts.roles import Role
from preventhub.notifications.models import Notification
from preventhub.training.records import session_book
from preventhub.training.reminders import (
    DUE_MESSAGE,
    LEADS_MESSAGE,
    QUESTIONNAIRE_MESSAGE,
    send_training_reminders,
)
from preventhub.training.services import settings_for
from preventhub.training.tests.helpers import (
    days_ago,
    make_record,
    make_session,
    staff_member,
    staff_with_sign_in,
)

pytestmark = pytest.mark.django_db


def notes(provider: Any, message: str) -> Any:
    return Notification.objects.for_provider(provider).filter(message=message)


def test_staff_with_training_due_are_reminded_once_per_due_date(
    provider: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings_for(provider)
    user, person = staff_with_sign_in(
        provider, Role.STAFF, first_name="Kim", last_name="Due", job_category="support"
    )
    _, trained = staff_with_sign_in(provider, Role.STAFF, job_category="support")
    make_record(provider, trained)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_training_reminders()
    assert sent.staff == 1
    note = notes(provider, DUE_MESSAGE).get()
    assert note.user == user
    assert note.url == "/training/mine/"
    assert len(mail.outbox) == 1
    assert "Kim" not in mail.outbox[0].body
    assert "Prevent awareness" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_training_reminders().staff == 0
    assert notes(provider, DUE_MESSAGE).count() == 1
    assert person


def test_a_new_due_date_is_reminded_again(provider: Any) -> None:
    settings_for(provider)
    user, person = staff_with_sign_in(provider, Role.STAFF, job_category="support")
    make_record(provider, person, on=days_ago(1200))  # lapsed: overdue since its due date
    assert send_training_reminders().staff == 1
    make_record(provider, person, on=days_ago(1080))  # a later completion, lapsed on a later day
    assert send_training_reminders().staff == 1
    assert notes(provider, DUE_MESSAGE).count() == 2


def test_training_leads_hear_once_a_day_about_staff_without_a_sign_in(
    provider: Any, lead: Any
) -> None:
    settings_for(provider)
    staff_member(provider)
    staff_member(provider)
    sent = send_training_reminders()
    assert (sent.staff, sent.leads) == (0, 1)
    assert notes(provider, LEADS_MESSAGE).get().user == lead
    assert send_training_reminders().leads == 0
    staff_member(provider)
    assert send_training_reminders().leads == 0  # the day's digest has gone


def test_questionnaires_that_open_are_reminded_once(provider: Any) -> None:
    session = make_session(provider, on=days_ago(-5))
    user, person = staff_with_sign_in(provider, Role.STAFF, job_category="support")
    make_record(provider, person)
    session_book(actor=None, session=session, people=[person])
    assert send_training_reminders().questionnaires == 1
    assert notes(provider, QUESTIONNAIRE_MESSAGE).get().user == user
    assert send_training_reminders().questionnaires == 0


def test_the_command_reports_and_checks_its_date(provider: Any) -> None:
    settings_for(provider)
    staff_with_sign_in(provider, Role.STAFF)
    out = StringIO()
    call_command("send_training_reminders", stdout=out)
    assert "Sent 1 training reminder, 0 questionnaire reminders" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_training_reminders", "--date", "14/03/2026")
    with pytest.raises(CommandError, match="future"):
        call_command("send_training_reminders", "--date", days_ago(-1).isoformat())
