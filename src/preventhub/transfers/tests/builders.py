"""A full case to send: every kind of record a safeguarding file carries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.concerns.attachments import CheckedFile
from preventhub.concerns.services import (
    action_add,
    action_complete,
    attachment_add,
    chronology_add,
    chronology_edit,
    concern_acknowledge,
    concern_close,
    concern_decide,
    link_add,
    review_record,
)
from preventhub.testing.factories import PersonFactory, make_concern
from preventhub.transfers.receiving import transfer_receive
from preventhub.transfers.services import transfer_package, transfer_send

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def learner(provider: Any, **fields: Any) -> Any:
    fields.setdefault("date_of_birth", date(2009, 5, 17))
    return PersonFactory(provider=provider, **fields)


def full_case(provider: Any, dsl: Any, person: Any) -> Any:
    """An open case with versions, a decision, actions, a link, a review and two documents."""
    concern = make_concern(
        provider,
        dsl,
        subject_person=person,
        subject_name=person.full_name,
        description="Shared a video praising an attack. CANARY-description",
        files=[CheckedFile("first-note.txt", "text/plain", b"What was said, word for word.")],
    )
    concern_acknowledge(actor=dsl, concern=concern)
    note = chronology_add(actor=dsl, concern=concern, kind="note", text="Spoke to tutor.")
    chronology_edit(actor=dsl, entry=note, text="Spoke to tutor and head of year.")
    concern_decide(
        actor=dsl,
        concern=concern,
        decision="internal_support",
        rationale="Mentoring first; monitor online activity.",
        informed="Parent by phone",
        informed_at=timezone.now() - timedelta(hours=1),
    )
    today = timezone.localdate()
    done = action_add(
        actor=dsl, concern=concern, description="Meet parents", owner=dsl, due_on=today
    )
    action_complete(actor=dsl, action=done)
    action_add(
        actor=dsl,
        concern=concern,
        description="Mentor sessions",
        owner=dsl,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    link_add(actor=dsl, concern=concern, relationship="peer", name="Jo Friend", notes="Same group")
    review_record(
        actor=dsl,
        concern=concern,
        held_on=timezone.localdate(),
        summary="Engaging with mentor.",
        next_review_on=timezone.localdate() + timedelta(days=28),
    )
    attachment_add(actor=dsl, concern=concern, checked=CheckedFile("photo.png", "image/png", PNG))
    return concern


def closed_case(provider: Any, dsl: Any, person: Any) -> Any:
    concern = make_concern(provider, dsl, subject_person=person, category="bullying", ideology="")
    concern_decide(actor=dsl, concern=concern, decision="monitor", rationale="Watch.")
    concern_close(actor=dsl, concern=concern, reason="resolved", outcome="Resolved with support.")
    return concern


def sent_file(provider: Any, dsl: Any, person: Any, to: str = "Other College") -> Any:
    """(transfer, package bytes, passphrase) for ``person``'s file."""
    sent = transfer_send(actor=dsl, provider=provider, person=person, recipient_name=to)
    return sent.transfer, transfer_package(actor=dsl, transfer=sent.transfer), sent.passphrase


def receive(provider: Any, dsl: Any, data: bytes, passphrase: str) -> Any:
    return transfer_receive(actor=dsl, provider=provider, data=data, passphrase=passphrase)


def received_file(provider: Any, dsl: Any, other_provider: Any, other_dsl: Any) -> Any:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    held = transfer_receive(
        actor=other_dsl, provider=other_provider, data=data, passphrase=passphrase
    )
    return outgoing, held.transfer
