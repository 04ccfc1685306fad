"""Reminders of overdue actions of the Prevent action plan (issue 5, item 2).

``send_action_reminders`` is a system job (``preventhub send_risk_reminders``, run daily). Every
open action whose due date has passed tells its owner — or, when it has no owner or the owner
has left, the designated safeguarding lead(s) — with a link and no content. An action is
reminded once per due date: ``RiskAction.reminded_due_on`` records the due date reminded about,
so running the job again (or twice at once) sends nothing twice, and moving the due date on
earns one new reminder when the new date passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.notifications.services import notify
from preventhub.risk.choices import OPEN_ACTION_STATUSES
from preventhub.risk.models import RiskAction
from preventhub.risk.permissions import ACTION_OWNER_ROLES

OWNER_MESSAGE = "A Prevent action plan action you own is overdue"
LEAD_MESSAGE = "An overdue Prevent action plan action has no owner who still works here"


def _not_reminded() -> Q:
    return Q(reminded_due_on__isnull=True) | ~Q(reminded_due_on=F("due_on"))


def overdue_to_remind(today: date) -> Iterator[RiskAction]:
    """Open actions due before ``today``, across providers, not yet reminded for that date."""
    # A system job over every provider: the unscoped manager, each row naming its provider.
    rows = (
        RiskAction.unscoped.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        .filter(_not_reminded())
        .select_related("owner", "provider")
        .order_by("due_on", "pk")
    )
    yield from rows.iterator(chunk_size=200)


def _owner_still_here(action: RiskAction) -> bool:
    owner = action.owner
    return bool(
        owner is not None
        and owner.is_active
        and roles_for(owner, action.provider_id) & set(ACTION_OWNER_ROLES)
    )


def _recipients(action: RiskAction) -> tuple[list[Any], str, str]:
    if _owner_still_here(action):
        url = reverse("risk:action_progress", kwargs={"pk": action.pk})
        return [action.owner], OWNER_MESSAGE, url
    url = reverse("risk:action_edit", kwargs={"pk": action.pk})
    return users_holding(action.provider, [Role.DSL]), LEAD_MESSAGE, url


def _remind(action: RiskAction) -> bool:
    """Claim the reminder for this due date (so two runs send one) and send it."""
    users, message, url = _recipients(action)
    if not users:
        return False
    with transaction.atomic():
        claimed = (
            RiskAction.unscoped.filter(pk=action.pk, due_on=action.due_on)
            .filter(_not_reminded())
            .update(reminded_due_on=action.due_on)
        )
        if not claimed:
            return False
        notify(provider=action.provider, users=users, message=message, url=url)
        audit_record(
            actor=None,
            action="update",
            obj=action,
            changed_fields=["reminded_due_on"],
            detail={"reminder": "overdue", "recipients": len(users)},
        )
    return True


def send_action_reminders(*, today: date | None = None) -> int:
    """Remind about every overdue action not yet reminded for its due date; the number sent."""
    today = today or timezone.localdate()
    return sum(1 for action in overdue_to_remind(today) if _remind(action))
