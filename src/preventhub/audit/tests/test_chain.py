"""Writing the chain: every event is linked to the one before it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from preventhub.audit.chain import GENESIS_HASH, row_hash
from preventhub.audit.models import AuditChainHead, AuditEvent
from preventhub.audit.services import (
    SensitiveDetailError,
    audit_record,
    fields_changed,
    snapshot,
)
from preventhub.audit.verify import verify_chain
from preventhub.core.request_context import reset_request_meta, set_request_meta
from preventhub.testing.factories import PersonFactory


def _stored(event: AuditEvent) -> dict:
    return AuditEvent.objects.filter(pk=event.pk).values().get()


def test_each_event_links_to_the_previous_one(chain):
    events = chain(4)
    seqs = [e.seq for e in events]
    assert seqs == list(range(seqs[0], seqs[0] + 4))
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    if seqs[0] == 1:
        assert events[0].prev_hash == GENESIS_HASH


def test_stored_rows_hash_to_their_recorded_hash(chain):
    for event in chain(3):
        assert row_hash(_stored(event)) == event.hash


def test_chain_head_tracks_the_last_event(chain):
    last = chain(3)[-1]
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (last.seq, last.hash)


def test_events_record_actor_provider_and_object(dsl, provider):
    person = PersonFactory(provider=provider)
    event = audit_record(actor=dsl, action="view", obj=person)
    assert event.actor_id == dsl.pk
    assert event.actor_label == "dsl"
    assert event.provider_id == provider.pk
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))


def test_events_without_a_signed_in_actor_are_by_the_system(db):
    assert audit_record(actor=None, action="purge").actor_label == "system"


@pytest.mark.parametrize(
    ("remote", "stored"),
    [
        ("192.0.2.10", "192.0.2.10"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("not-an-address", None),
    ],
)
def test_ip_is_stored_canonical_so_the_chain_still_verifies(db, remote, stored):
    token = set_request_meta(RequestFactory().get("/", REMOTE_ADDR=remote))
    try:
        event = audit_record(actor=None, action="view")
    finally:
        reset_request_meta(token)
    assert _stored(event)["ip"] == stored
    assert verify_chain().ok


def test_detail_is_hashed_as_it_is_stored(db):
    import uuid

    detail: dict[Any, Any] = {"batch": uuid.uuid4(), 2: ("a", "b")}
    audit_record(actor=None, action="import", detail=detail)
    assert verify_chain().ok


def test_changed_fields_are_names_only_and_sorted(db):
    event = audit_record(actor=None, action="update", changed_fields=["b", "a", "b"])
    assert event.changed_fields == ["a", "b"]


def test_updating_an_encrypted_narrative_audits_its_name_never_its_value(dsl, provider):
    secret = "Disclosed a plan to travel abroad to join a group"
    person = PersonFactory(provider=provider, support_needs="Dyslexia support plan")
    before = snapshot(person, ["support_needs", "course"])
    person.support_needs = secret
    person.save()
    changed = fields_changed(before, person, ["support_needs", "course"])
    event = audit_record(actor=dsl, action="update", obj=person, changed_fields=changed)
    row = _stored(event)
    assert row["changed_fields"] == ["support_needs"]
    assert row["detail"] == {}
    assert all(secret not in str(value) for value in row.values())


def test_refuses_to_copy_an_encrypted_value_into_the_detail(provider):
    secret = "Support plan agreed with the family in March"
    person = PersonFactory(provider=provider, support_needs=secret)
    with pytest.raises(SensitiveDetailError):
        audit_record(actor=None, action="update", obj=person, detail={"note": secret})
    with pytest.raises(SensitiveDetailError):
        audit_record(actor=None, action="update", obj=person, detail={"support_needs": "x"})
    assert not AuditEvent.objects.filter(object_id=str(person.pk)).exists()
