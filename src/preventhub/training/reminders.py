"""Training reminders (issue 6, item 5): ``preventhub send_training_reminders``, run daily.

- Each member of staff with a PreventHub sign-in whose training is due soon, overdue or never
  done is told once per due date ("Your Prevent training is due or overdue" and a link to their
  training page), and once for each questionnaire that opens for them.
- Staff without a sign-in cannot be sent a link: the training leads are told, at most once a
  day, that training is due for staff without a sign-in (the action list names them).

``TrainingReminder`` records every (person, what, due date) reminded, claimed before sending,
so running the job twice, or twice at once, sends nothing twice. Messages carry no names or
course details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.core.models import Provider
from preventhub.notifications.services import notify
from preventhub.people.models import Person
from preventhub.training.choices import ACTION_STATUSES
from preventhub.training.compliance import Standing, load
from preventhub.training.models import TrainingReminder, TrainingSettings
from preventhub.training.questionnaires import questionnaires_due

DUE_MESSAGE = "Your Prevent training is due or overdue"
QUESTIONNAIRE_MESSAGE = "A training questionnaire is waiting for you"
LEADS_MESSAGE = "Training is due for staff who have no PreventHub sign-in"


@dataclass
class Sent:
    staff: int = 0
    questionnaires: int = 0
    leads: int = 0

    @property
    def total(self) -> int:
        return self.staff + self.questionnaires + self.leads


def due_keys(standing: Standing) -> list[str]:
    return [
        f"course:{item.course_id}:{item.due_on.isoformat() if item.due_on else 'never'}"
        for item in standing.items
        if item.status in ACTION_STATUSES
    ]


def _claim(provider: Provider, person_id: Any, keys: list[str], today: date) -> bool:
    """Record the reminders not sent before; True if any was new (then send one message)."""
    done = set(
        TrainingReminder.objects.for_provider(provider)
        .filter(person_id=person_id, key__in=keys)
        .values_list("key", flat=True)
    )
    new = [k for k in keys if k not in done]
    if not new:
        return False
    try:
        with transaction.atomic():
            TrainingReminder.objects.for_provider(provider).bulk_create(
                TrainingReminder(provider=provider, person_id=person_id, key=k, sent_on=today)
                for k in new
            )
    except IntegrityError:  # another run claimed them first
        return False
    return True


def _send(
    provider: Provider, users: list[User], message: str, url: str, about: Any, kind: str
) -> None:
    with transaction.atomic():
        notify(provider=provider, users=users, message=message, url=url)
        audit_record(
            actor=None, action="remind", object_type="people.person", object_id=str(about),
            provider_id=provider.pk, detail={"reminder": kind, "recipients": len(users)},
        )  # fmt: skip


def remind_provider(provider: Provider, today: date) -> Sent:
    sent = Sent()
    data = load(provider)
    users = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=[m.user_id for m in data.members if m.user_id], is_active=True
        )
    }
    unlinked_due = False
    mine = reverse("training:mine")
    for standing in data.standings(today):
        keys = due_keys(standing)
        if not keys:
            continue
        user = users.get(standing.member.user_id) if standing.member.user_id else None
        if not _claim(provider, standing.member.id, keys, today):
            continue
        if user is None:
            unlinked_due = True
            continue
        _send(provider, [user], DUE_MESSAGE, mine, standing.member.id, "training_due")
        sent.staff += 1
    sent.questionnaires = _questionnaires(provider, users, today)
    if unlinked_due and _claim_leads_digest(provider, today):
        leads = users_holding(provider, [Role.TRAINING_LEAD])
        if leads:
            _send(provider, leads, LEADS_MESSAGE, reverse("training:actions"), "digest", "leads")
            sent.leads = 1
    return sent


def _questionnaires(provider: Provider, users: dict[int, User], today: date) -> int:
    count = 0
    people = Person.objects.for_provider(provider).filter(user_id__in=list(users))
    for person in people:
        due = questionnaires_due(person, today)
        keys = [f"questionnaire:{d.session.pk}:{d.phase}" for d in due]
        if keys and _claim(provider, person.pk, keys, today):
            _send(
                provider,
                [users[person.user_id]],
                QUESTIONNAIRE_MESSAGE,
                reverse("training:mine"),
                person.pk,
                "questionnaire",
            )
            count += 1
    return count


def _claim_leads_digest(provider: Provider, today: date) -> bool:
    """At most one digest a day to the training leads."""
    try:
        with transaction.atomic():
            _, created = TrainingReminder.objects.for_provider(provider).get_or_create(
                provider=provider, person=None, key=f"leads-digest:{today.isoformat()}",
                defaults={"sent_on": today},
            )  # fmt: skip
    except IntegrityError:
        return False
    return created


def send_training_reminders(*, today: date | None = None) -> Sent:
    """Remind everyone due at every provider using the training module."""
    today = today or timezone.localdate()
    total = Sent()
    provider_ids = TrainingSettings.objects.values_list("provider_id", flat=True)
    for provider in Provider.objects.filter(pk__in=provider_ids).order_by("pk"):
        sent = remind_provider(provider, today)
        total.staff += sent.staff
        total.questionnaires += sent.questionnaires
        total.leads += sent.leads
    return total
