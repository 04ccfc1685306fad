"""send_risk_reminders: overdue actions remind their owner once per due date."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment
from preventhub.accounts.roles import Role
from preventhub.notifications.models import Notification
from preventhub.risk.models import RiskAction
from preventhub.risk.reminders import LEAD_MESSAGE, OWNER_MESSAGE, send_action_reminders
from preventhub.risk.tests.factories import make_action, make_risk

pytestmark = pytest.mark.django_db


def overdue(provider: Any, owner: Any = None, days: int = 2, **kwargs: Any) -> RiskAction:
    action = make_action(make_risk(provider, **kwargs), owner=owner)
    RiskAction.objects.for_provider(provider).filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=days)
    )
    action.refresh_from_db()
    return action


def notes(provider: Any, user: Any) -> list[Notification]:
    return list(Notification.objects.for_provider(provider).filter(user=user))


def test_the_owner_is_reminded_once_per_due_date(provider: Any, staff: Any) -> None:
    action = overdue(provider, owner=staff)
    assert send_action_reminders() == 1
    assert send_action_reminders() == 0
    (note,) = notes(provider, staff)
    assert note.message == OWNER_MESSAGE
    assert str(action.pk) in note.url
    # A new due date that passes earns one new reminder.
    RiskAction.objects.for_provider(provider).filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert send_action_reminders() == 1
    assert len(notes(provider, staff)) == 2


def test_actions_not_yet_due_done_or_dropped_are_not_reminded(provider: Any, staff: Any) -> None:
    make_action(make_risk(provider), owner=staff, due_date=timezone.localdate())
    done = overdue(provider, owner=staff, title="Done one")
    RiskAction.objects.for_provider(provider).filter(pk=done.pk).update(
        status="done", evidence="Yes."
    )
    dropped = overdue(provider, owner=staff, title="Dropped one")
    RiskAction.objects.for_provider(provider).filter(pk=dropped.pk).update(status="dropped")
    assert send_action_reminders() == 0


def test_an_action_without_owner_or_whose_owner_left_goes_to_the_dsl(
    provider: Any, dsl: Any, staff: Any
) -> None:
    overdue(provider, title="Nobody's")
    overdue(provider, owner=staff, title="Leaver's")
    RoleAssignment.objects.for_provider(provider).filter(user=staff).delete()
    assert send_action_reminders() == 2
    assert [n.message for n in notes(provider, dsl)] == [LEAD_MESSAGE, LEAD_MESSAGE]
    assert notes(provider, staff) == []


def test_the_command_reports_and_accepts_a_past_date(provider: Any, staff: Any) -> None:
    overdue(provider, owner=staff, days=10)
    out = StringIO()
    call_command(
        "send_risk_reminders", "--date", str(timezone.localdate() - timedelta(days=20)), stdout=out
    )
    assert "Sent 0 overdue action reminders." in out.getvalue()
    call_command("send_risk_reminders", stdout=out)
    assert "Sent 1 overdue action reminder." in out.getvalue()


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01"])
def test_the_command_refuses_a_bad_date(value: str) -> None:
    with pytest.raises(CommandError):
        call_command("send_risk_reminders", "--date", value)


def test_the_command_refuses_a_future_date() -> None:
    with pytest.raises(CommandError, match="future"):
        call_command("send_risk_reminders", "--date", str(timezone.localdate() + timedelta(days=1)))


def test_other_roles_own_actions_too(provider: Any, make_user: Any) -> None:
    estates = make_user(provider, Role.ESTATES)
    overdue(provider, owner=estates)
    assert send_action_reminders() == 1
    assert notes(provider, estates)
