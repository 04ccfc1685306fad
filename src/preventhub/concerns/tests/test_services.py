"""The referral pathway's rules, called as plain functions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.choices import Status
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.models import ChronologyEntry, Concern
from preventhub.concerns.selectors import chronology, entry_versions
from preventhub.concerns.services import (
    chronology_add,
    chronology_edit,
    concern_close,
    concern_decide,
    concern_raise,
    concern_reopen,
    escalate_unacknowledged,
)
from preventhub.notifications.models import Notification
from preventhub.testing.factories import make_concern

pytestmark = pytest.mark.django_db(transaction=False)


def test_raising_numbers_the_concern_and_tells_the_team_nothing_of_its_content(
    provider: Any, staff: Any, dsl: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = make_concern(provider, staff, description="CANARY-narrative")
        second = make_concern(provider, staff)
    year = timezone.now().year
    assert (first.reference, second.reference) == (f"C-{year}-00001", f"C-{year}-00002")
    assert first.status == Status.NEW
    note = Notification.unscoped.get(user=dsl, url__contains=str(first.pk))
    assert note.message == "A new concern needs triage"
    assert mail.outbox, "the team is emailed"
    assert all("CANARY" not in m.body and "Alex" not in m.body for m in mail.outbox)
    assert [e.kind for e in chronology(first)] == ["raised"]


def test_the_same_idempotency_key_makes_one_concern(provider: Any, staff: Any) -> None:
    fields = {
        "subject_type": "other",
        "description": "x",
        "occurred_at": timezone.now(),
        "category": "neglect",
        "idempotency_key": "form-123",
    }
    one = concern_raise(actor=staff, provider=provider, **fields)
    two = concern_raise(actor=staff, provider=provider, **fields)
    assert one.created
    assert not two.created
    assert one.concern.pk == two.concern.pk
    assert Concern.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * 1_000_000}, "description"),
        ({"subject_type": "alien"}, "subject_type"),
        ({"category": "weather"}, "category"),
        ({"indicators": ["telepathy"]}, "indicators"),
        ({"occurred_at": timezone.now() + timedelta(days=2)}, "occurred_at"),
        ({"occurred_at": None}, "occurred_at"),
        ({"category": "neglect", "ideology": "islamist"}, "ideology"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    provider: Any, staff: Any, override: dict[str, Any], field: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_concern(provider, staff, **override)
    assert field in exc.value.message_dict
    assert Concern.objects.for_provider(provider).count() == 0
    assert AuditEvent.objects.count() == before


def test_a_decision_needs_a_rationale_and_a_closed_case_takes_no_decision(
    provider: Any, staff: Any, dsl: Any
) -> None:
    concern = make_concern(provider, staff)
    with pytest.raises(ValidationError):
        concern_decide(actor=dsl, concern=concern, decision="monitor", rationale="  ")
    concern_decide(actor=dsl, concern=concern, decision="no_further_action", rationale="Misread.")
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED
    assert concern.first_decision_at is not None
    with pytest.raises(IllegalTransitionError):
        concern_decide(actor=dsl, concern=concern, decision="channel", rationale="More came up.")
    concern_reopen(actor=dsl, concern=concern, reason="New information from a parent.")
    concern_decide(actor=dsl, concern=concern, decision="channel", rationale="More came up.")
    concern.refresh_from_db()
    assert (concern.status, concern.latest_decision) == (Status.OPEN, "channel")
    concern_close(actor=dsl, concern=concern, reason="resolved", outcome="Support worked.")
    kinds = [e.kind for e in chronology(concern)]
    assert kinds == ["raised", "decision", "reopened", "decision", "closed"]


def test_editing_an_entry_keeps_every_version(provider: Any, staff: Any, dsl: Any) -> None:
    concern = make_concern(provider, staff)
    note = chronology_add(actor=dsl, concern=concern, kind="note", text="Spoke to tutor.")
    edited = chronology_edit(actor=dsl, entry=note, text="Spoke to personal tutor.")
    assert [e.text for e in entry_versions(edited)] == [
        "Spoke to tutor.",
        "Spoke to personal tutor.",
    ]
    assert [e.text for e in chronology(concern) if e.kind == "note"] == ["Spoke to personal tutor."]
    with pytest.raises(IllegalTransitionError):
        chronology_edit(actor=dsl, entry=note, text="A second edit of an old version.")
    assert ChronologyEntry.objects.for_provider(provider).filter(concern=concern).count() == 3


def test_unacknowledged_concerns_escalate_once(provider: Any, staff: Any, dsl: Any) -> None:
    concern = make_concern(provider, staff)
    assert escalate_unacknowledged(now=timezone.now()) == 0
    later = timezone.now() + timedelta(minutes=61)
    assert escalate_unacknowledged(now=later) == 1
    assert escalate_unacknowledged(now=later) == 0
    concern.refresh_from_db()
    assert concern.escalated_at == later
    assert [e.kind for e in chronology(concern)][-1] == "escalation"
