"""Alert triage services: the state machine (illegal moves refused, nothing changed), the
required reason, linking an identity, raising a concern without re-keying, and audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.core.errors import ConflictError
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.models import Alert, Identity
from preventhub.online_safety.tests.factories_triage import make_alert, make_identity
from preventhub.online_safety.triage_services import (
    alert_acknowledge,
    alert_mark_false_positive,
    alert_raise_concern,
    alert_record_view,
    identity_link_person,
    prefilled_description,
)
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _fresh(alert: Alert) -> Alert:
    found: Alert = Alert.objects.for_provider(alert.provider_id).get(pk=alert.pk)
    return found


def _audits(obj: Any, action: str) -> int:
    return AuditEvent.objects.filter(object_id=str(obj.pk), action=action).count()


def test_acknowledging_records_who_when_and_the_note(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    alert_acknowledge(actor=dsl, alert=alert, note="  Spoke to the tutor.  ")
    saved = _fresh(alert)
    assert saved.status == AlertStatus.ACKNOWLEDGED
    assert saved.triaged_by == dsl
    assert saved.triaged_at is not None
    assert saved.triage_note == "Spoke to the tutor."
    assert _audits(alert, "update") == 1


def test_an_illegal_move_is_refused_and_changes_nothing(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    alert_mark_false_positive(actor=dsl, alert=alert, reason="History lesson research.")
    with pytest.raises(ConflictError, match="false positive"):
        alert_acknowledge(actor=dsl, alert=alert, note="late")
    with pytest.raises(ConflictError):
        alert_raise_concern(actor=dsl, alert=alert)
    saved = _fresh(alert)
    assert saved.status == AlertStatus.FALSE_POSITIVE
    assert saved.triage_note == ""
    assert not Concern.objects.for_provider(provider).exists()


def test_acknowledging_twice_says_it_is_already_acknowledged(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    alert_acknowledge(actor=dsl, alert=alert)
    with pytest.raises(ConflictError, match="already acknowledged"):
        alert_acknowledge(actor=dsl, alert=alert)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_false_positive_needs_a_reason(provider: Any, dsl: Any, reason: Any) -> None:
    alert = make_alert(provider)
    with pytest.raises(ValidationError) as caught:
        alert_mark_false_positive(actor=dsl, alert=alert, reason=reason)
    assert "reason" in caught.value.message_dict
    assert _fresh(alert).status == AlertStatus.OPEN
    assert _audits(alert, "update") == 0


def test_an_acknowledged_alert_can_still_become_a_false_positive(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    alert_acknowledge(actor=dsl, alert=alert)
    alert_mark_false_positive(actor=dsl, alert=alert, reason="Geography homework.")
    assert _fresh(alert).false_positive_reason == "Geography homework."


def test_raising_a_concern_fills_it_from_the_alert(provider: Any, dsl: Any) -> None:
    learner: Any = PersonFactory(provider=provider, first_name="Jo", last_name="Bloggs")
    identity = make_identity(provider, username="jbloggs", person=learner)
    alert = make_alert(provider, identity, hits=3, theme="weapons")
    concern = alert_raise_concern(actor=dsl, alert=alert)
    assert concern.subject_person == learner
    assert concern.subject_type == "learner"
    assert concern.category == "prevent"
    assert concern.occurred_at == alert.first_seen
    assert "3 hits on Weapons" in concern.description
    assert "weapons-shop.example.test" in concern.description
    saved = _fresh(alert)
    assert saved.status == AlertStatus.CONCERN_RAISED
    assert saved.concern == concern
    with pytest.raises(ConflictError):
        alert_raise_concern(actor=dsl, alert=saved)
    assert Concern.objects.for_provider(provider).count() == 1


def test_an_unlinked_identity_raises_a_concern_about_someone_else(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    concern = alert_raise_concern(
        actor=dsl, alert=alert, category="online_safety", ideology="islamist", description="X"
    )
    assert concern.subject_type == "other"
    assert concern.subject_person is None
    # An ideology belongs to Prevent concerns only: dropped for another category.
    assert concern.ideology == ""
    assert concern.description == "X"


def test_an_unknown_category_is_refused(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    with pytest.raises(ValidationError):
        alert_raise_concern(actor=dsl, alert=alert, category="gossip")
    assert _fresh(alert).status == AlertStatus.OPEN


def test_the_summary_counts_hits_and_judges_nobody(provider: Any) -> None:
    alert = make_alert(provider, make_identity(provider, username="guest7", is_guest=True))
    text = prefilled_description(alert)
    assert "2 hits" in text
    assert "guest7" in text
    assert "a guest account" in text
    for word in ("extremist", "radicalised", "suspect", "guilty"):
        assert word not in text.lower()


def test_linking_an_identity_to_a_person(provider: Any, dsl: Any) -> None:
    identity = make_identity(provider)
    person: Any = PersonFactory(provider=provider)
    identity_link_person(actor=dsl, identity=identity, person=person)
    saved = Identity.objects.for_provider(provider).get(pk=identity.pk)
    assert saved.person == person
    assert saved.linked_by == dsl
    identity_link_person(actor=dsl, identity=identity, person=None)
    saved = Identity.objects.for_provider(provider).get(pk=identity.pk)
    assert saved.person is None
    assert saved.linked_at is None
    assert _audits(identity, "update") == 2


def test_a_person_of_another_provider_cannot_be_linked(
    provider: Any, other_provider: Any, dsl: Any
) -> None:
    identity = make_identity(provider)
    with pytest.raises(ValidationError):
        identity_link_person(
            actor=dsl, identity=identity, person=PersonFactory(provider=other_provider)
        )
    assert Identity.objects.for_provider(provider).get(pk=identity.pk).person is None


def test_every_read_of_an_alert_is_audited(provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    alert_record_view(actor=dsl, alert=alert)
    alert_record_view(actor=dsl, alert=alert, via="api")
    assert _audits(alert, "view") == 2
