"""A file exported at one provider, imported at another and accepted holds the same records."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import read_decrypted
from preventhub.concerns.models import Attachment, ChronologyEntry, Concern
from preventhub.people.models import Person
from preventhub.transfers.export import concern_data, concerns_about
from preventhub.transfers.models import Transfer, TransferConcern
from preventhub.transfers.package import open_package
from preventhub.transfers.receiving import transfer_accept
from preventhub.transfers.sections import Section, register_section, unregister_section
from preventhub.transfers.tests.builders import (
    closed_case,
    full_case,
    learner,
    receive,
    sent_file,
)

pytestmark = pytest.mark.django_db

# Who did what at the sender is kept in the chronology (author names); the records themselves
# point at the receiver's users, so these names are not expected to survive the trip.
LOCAL = {"id", "reference", "lead_name", "owner_name", "completed_by_name"}
LOCAL_ITEMS = {"id", "root_id", "reviewer_name", "added_by_name", "owner_name"}


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in LOCAL}
    out["chronology"] = sorted(
        (
            {k: v for k, v in e.items() if k not in LOCAL_ITEMS}
            for e in data["chronology"]
            if "Transferred in from" not in e["text"]
        ),
        key=lambda e: (e["occurred_at"], e["written_at"], e["version"]),
    )
    for part in ("actions", "reviews", "documents", "linked_people"):
        out[part] = [
            {k: v for k, v in item.items() if k not in LOCAL_ITEMS | LOCAL} for item in data[part]
        ]
    return out


def test_round_trip_keeps_every_record_version_and_document(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider, preferred_name="Sami")
    open_case = full_case(provider, dsl, person)
    closed_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    sent_manifest = open_package(data, passphrase).manifest

    held = receive(other_provider, other_dsl, data, passphrase)
    assert held.transfer.status == "received"
    assert not Concern.objects.for_provider(other_provider).exists(), "nothing added yet"
    accepted = transfer_accept(actor=other_dsl, transfer=held.transfer)

    assert accepted.status == "accepted"
    ours = Person.objects.for_provider(other_provider).get()
    assert (ours.mis_id, ours.first_name, ours.preferred_name, ours.date_of_birth) == (
        person.mis_id,
        person.first_name,
        "Sami",
        person.date_of_birth,
    )
    imported = concerns_about(other_provider, ours)
    assert len(imported) == 2
    files: dict[str, bytes] = {}
    for sent, got in zip(sent_manifest["concerns"], imported, strict=True):
        assert _comparable(concern_data(got, files)) == _comparable(sent)
    # Every version of the edited note came across, and only the latest is current.
    notes = ChronologyEntry.objects.for_provider(other_provider).filter(concern=imported[0])
    versions = [v for v in notes if v.text.startswith("Spoke to tutor")]
    assert sorted((v.version, v.superseded) for v in versions) == [(1, True), (2, False)]
    assert {v.root_id for v in versions} == {v.pk for v in versions if v.version == 1}
    # Documents are stored again, encrypted with the receiver's keys, with the same content.
    for theirs, mine in zip(
        open_case.attachments.order_by("created_at"),
        Attachment.objects.for_provider(other_provider).order_by("created_at"),
        strict=True,
    ):
        assert read_decrypted(mine.storage_name) == read_decrypted(theirs.storage_name)
        assert mine.storage_name != theirs.storage_name
    # Marked as transferred in, and the sender's status followed (same installation).
    marks = TransferConcern.objects.for_provider(other_provider).filter(direction="incoming")
    assert sorted(m.source_reference for m in marks) == sorted(
        c["reference"] for c in sent_manifest["concerns"]
    )
    outgoing.refresh_from_db()
    assert outgoing.status == "accepted"
    assert outgoing.decided_by_name == other_provider.name


def test_accepting_links_an_existing_person_by_the_receivers_mis_id(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    already = learner(other_provider, last_name=person.last_name, mis_id="NEW-42")
    _, data, passphrase = sent_file(provider, dsl, person)
    held = receive(other_provider, other_dsl, data, passphrase)
    transfer_accept(actor=other_dsl, transfer=held.transfer, mis_id="NEW-42")
    assert Person.objects.for_provider(other_provider).count() == 1
    concern = Concern.objects.for_provider(other_provider).get()
    assert concern.subject_person == already
    assert concern.lead == other_dsl


def test_receiving_or_accepting_the_same_package_twice_duplicates_nothing(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    _, data, passphrase = sent_file(provider, dsl, person)
    first = receive(other_provider, other_dsl, data, passphrase)
    again = receive(other_provider, other_dsl, data, passphrase)
    assert first.created
    assert not again.created
    assert again.transfer.pk == first.transfer.pk
    assert Transfer.objects.for_provider(other_provider).count() == 1


def test_a_later_file_with_concerns_already_held_skips_them(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    _, data, passphrase = sent_file(provider, dsl, person)
    held = receive(other_provider, other_dsl, data, passphrase)
    transfer_accept(actor=other_dsl, transfer=held.transfer)
    closed_case(provider, dsl, person)
    _, data2, passphrase2 = sent_file(provider, dsl, person)
    held2 = receive(other_provider, other_dsl, data2, passphrase2)
    second = transfer_accept(actor=other_dsl, transfer=held2.transfer)
    assert Concern.objects.for_provider(other_provider).count() == 2
    assert len(second.summary["skipped"]) == 1


def test_sections_of_other_modules_travel_with_the_file(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    seen: dict[str, Any] = {}

    def export(person: Any, concerns: Any) -> dict[str, Any]:
        return {"referrals": [{"concern": str(concerns[0].pk), "to": "police Prevent"}]}

    def import_(provider: Any, person: Any, concern_map: Any, data: Any, actor: Any) -> None:
        seen["concern"] = concern_map[data["referrals"][0]["concern"]]
        seen["person"], seen["provider"] = person, provider

    register_section(Section("test_referrals", "Test referrals", export, import_))
    try:
        person = learner(provider)
        sent = full_case(provider, dsl, person)
        _, data, passphrase = sent_file(provider, dsl, person)
        assert open_package(data, passphrase).manifest["sections"] == {
            "test_referrals": {"referrals": [{"concern": str(sent.pk), "to": "police Prevent"}]}
        }
        held = receive(other_provider, other_dsl, data, passphrase)
        transfer_accept(actor=other_dsl, transfer=held.transfer)
    finally:
        unregister_section("test_referrals")
    assert seen["concern"] == Concern.objects.for_provider(other_provider).get()
    assert seen["provider"] == other_provider


def test_a_failing_section_rolls_the_whole_acceptance_back(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    from django.core.exceptions import ValidationError

    def import_(*args: Any) -> None:
        raise ValidationError("The referral form version is not supported.")

    register_section(Section("test_broken", "Broken", lambda p, c: {"x": 1}, import_))
    try:
        person = learner(provider)
        full_case(provider, dsl, person)
        _, data, passphrase = sent_file(provider, dsl, person)
        held = receive(other_provider, other_dsl, data, passphrase)
        with pytest.raises(ValidationError, match="not supported"):
            transfer_accept(actor=other_dsl, transfer=held.transfer)
    finally:
        unregister_section("test_broken")
    assert not Concern.objects.for_provider(other_provider).exists()
    assert not Person.objects.for_provider(other_provider).exists()
    assert not Attachment.objects.for_provider(other_provider).exists()
    held.transfer.refresh_from_db()
    assert held.transfer.status == "received"


def test_every_step_is_audited_without_narrative(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    held = receive(other_provider, other_dsl, data, passphrase)
    transfer_accept(actor=other_dsl, transfer=held.transfer)
    events = AuditEvent.objects.filter(object_type="transfers.transfer")
    assert {(e.action, e.provider_id) for e in events} >= {
        ("create", provider.pk),
        ("export", provider.pk),
        ("import", other_provider.pk),
        ("accept", other_provider.pk),
        ("receipt", provider.pk),
    }
    everything = " ".join(str(e.detail) + str(e.changed_fields) for e in AuditEvent.objects.all())
    assert "CANARY" not in everything
    assert passphrase not in everything
