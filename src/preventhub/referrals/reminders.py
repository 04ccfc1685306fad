"""Reminders about case work falling due: Channel reviews, case reviews, overdue actions, and
safeguarding files sent to another institution with no receipt after five school days.

``send_due_reminders`` is a system job (``preventhub send_reminders``, run daily from cron or a
timer). It tells the case lead — or, when the case has no lead who is still on the team, the
designated safeguarding lead(s) — that something is due, with a link and no case content.
Each reminder is sent once per due date: what was sent is recorded in ``ReminderSent``, so a
re-run, or two runs at once, sends nothing twice. A new due date (a review moved on) is a new
reminder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.choices import Status
from preventhub.concerns.models import CaseAction, Concern
from preventhub.concerns.selectors import users_holding
from preventhub.notifications.services import notify
from preventhub.referrals.choices import ChannelStatus, ReminderKind
from preventhub.referrals.models import ChannelCase, ReminderSent
from preventhub.referrals.permissions import TEAM

# Reviews are announced this many days ahead (and every overdue one once).
REVIEW_NOTICE = timedelta(days=2)
MESSAGES = {
    ReminderKind.CHANNEL_REVIEW: "A Channel review is due",
    ReminderKind.CONCERN_REVIEW: "A case review is due",
    ReminderKind.CASE_ACTION: "A case action is overdue",
    ReminderKind.TRANSFER_OVERDUE: "A safeguarding file you sent has not been received",
}


@dataclass(frozen=True)
class Due:
    kind: str
    provider: Any
    object_id: Any
    due_on: date
    users: list[Any]
    url: str


def case_lead(concern: Concern) -> list[Any]:
    """Who hears about a case: its lead while they are active and on the team; otherwise the
    dsl(s) (or, with no dsl, the deputies), so nothing falls due unseen."""
    lead = concern.lead
    if lead is not None and lead.is_active and roles_for(lead, concern.provider_id) & set(TEAM):
        return [lead]
    return users_holding(concern.provider, [Role.DSL]) or users_holding(
        concern.provider, [Role.DEPUTY_DSL]
    )


def _action_owner(action: CaseAction) -> list[Any]:
    owner = action.owner
    if owner is not None and owner.is_active and roles_for(owner, action.provider_id):
        return [owner]
    return case_lead(action.concern)


def _action_url(action: CaseAction, users: list[Any]) -> str:
    """The case page if every recipient may open it; otherwise their home page."""
    if all(u.has_perm("concerns.view_concern", action.concern) for u in users):
        return reverse("concerns:detail", kwargs={"pk": action.concern_id})
    return reverse("core:home")


def channel_reviews_due(today: date) -> Iterator[Due]:
    channels = ChannelCase.unscoped.filter(
        status=ChannelStatus.ADOPTED, next_review_on__lte=today + REVIEW_NOTICE
    ).select_related("concern__lead", "concern__provider", "provider")
    for channel in channels.order_by("next_review_on"):
        if channel.next_review_on is None:  # never: filtered on above (for the type checker)
            continue
        yield Due(
            ReminderKind.CHANNEL_REVIEW,
            channel.provider,
            channel.pk,
            channel.next_review_on,
            case_lead(channel.concern),
            reverse("referrals:channel", kwargs={"concern_pk": channel.concern_id}),
        )


def concern_reviews_due(today: date) -> Iterator[Due]:
    concerns = (
        Concern.unscoped.filter(next_review_on__lte=today + REVIEW_NOTICE)
        .exclude(status=Status.CLOSED)
        .select_related("lead", "provider")
        .defer("description", "location", "outcome", "subject_name")
    )
    for concern in concerns.order_by("next_review_on"):
        if concern.next_review_on is None:  # never: filtered on above (for the type checker)
            continue
        yield Due(
            ReminderKind.CONCERN_REVIEW,
            concern.provider,
            concern.pk,
            concern.next_review_on,
            case_lead(concern),
            reverse("concerns:detail", kwargs={"pk": concern.pk}),
        )


def actions_overdue(today: date) -> Iterator[Due]:
    actions = (
        CaseAction.unscoped.filter(completed_at=None, due_on__lt=today)
        .exclude(concern__status=Status.CLOSED)
        .select_related("owner", "concern__lead", "concern__provider", "provider")
        .defer("description")
    )
    for action in actions.order_by("due_on"):
        users = _action_owner(action)
        yield Due(
            ReminderKind.CASE_ACTION,
            action.provider,
            action.pk,
            action.due_on,
            users,
            _action_url(action, users),
        )


def transfers_overdue(today: date) -> Iterator[Due]:
    """Files sent with no receipt after five school days: the team chases the receiver."""
    from preventhub.transfers.schooldays import receipt_due_on
    from preventhub.transfers.services import overdue_transfers

    end_of_today = timezone.make_aware(datetime.combine(today, time.max))
    for transfer in overdue_transfers(end_of_today):
        team = users_holding(transfer.provider, list(TEAM))
        yield Due(
            ReminderKind.TRANSFER_OVERDUE,
            transfer.provider,
            transfer.pk,
            receipt_due_on(timezone.localdate(transfer.created_at)),
            team,
            reverse("transfers:detail", kwargs={"pk": transfer.pk}),
        )


def all_due(today: date) -> Iterator[Due]:
    yield from channel_reviews_due(today)
    yield from concern_reviews_due(today)
    yield from actions_overdue(today)
    yield from transfers_overdue(today)


def _send_once(due: Due) -> bool:
    """Record and send one reminder; False when it was sent before (by this run or another)."""
    try:
        with transaction.atomic():
            sent = ReminderSent.unscoped.create(
                provider=due.provider,
                kind=due.kind,
                object_id=due.object_id,
                due_on=due.due_on,
                recipients=len(due.users),
            )
            notify(
                provider=due.provider,
                users=due.users,
                message=MESSAGES[ReminderKind(due.kind)],
                url=due.url,
            )
            audit_record(
                actor=None,
                action="create",
                obj=sent,
                changed_fields=["kind", "object_id", "due_on", "recipients"],
            )
    except IntegrityError:
        return False
    return True


def send_due_reminders(*, today: date | None = None) -> Counter[str]:
    """Send every reminder due on ``today`` (default: today) not sent before; count by kind."""
    today = today or timezone.localdate()
    sent: Counter[str] = Counter()
    for due in all_due(today):
        already = ReminderSent.unscoped.filter(
            kind=due.kind, object_id=due.object_id, due_on=due.due_on
        ).exists()
        # With nobody to tell (no lead, no dsl) it is not recorded: the next run tries again.
        if due.users and not already and _send_once(due):
            sent[due.kind] += 1
    return sent
