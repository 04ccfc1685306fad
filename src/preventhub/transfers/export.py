"""Writing the safeguarding file: one person's concerns, their cases and documents, as JSON.

Everything in the file is read through the sending provider's scope. Users are written by
name only (the receiver has its own accounts); dates and times in ISO 8601 with their offset.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.concerns.attachments import read_decrypted
from preventhub.concerns.models import (
    Attachment,
    CaseAction,
    CaseReview,
    ChronologyEntry,
    Concern,
    LinkedPerson,
)
from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.transfers.package import sha256_hex
from preventhub.transfers.schema import FORMAT, SCHEMA_VERSION
from preventhub.transfers.sections import registered_sections


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)[:200]


def concerns_about(provider: Provider, person: Person) -> list[Concern]:
    """The concerns whose subject is this person in the register, oldest first."""
    return list(
        Concern.objects.for_provider(provider)
        .filter(subject_person=person)
        .select_related("lead")
        .order_by("created_at")
    )


def person_data(person: Person) -> dict[str, Any]:
    return {
        "kind": person.kind,
        "mis_id": person.mis_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": person.preferred_name,
        "date_of_birth": iso(person.date_of_birth),
    }


def build_manifest(
    *,
    provider: Provider,
    sender_id: uuid.UUID,
    sent_by: Any,
    person: Person,
    concerns: Sequence[Concern],
    recipient_name: str,
    transfer_id: uuid.UUID,
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the attachments' contents (by sha256) for one person's file."""
    files: dict[str, bytes] = {}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "transfer_id": str(transfer_id),
        "created_at": iso(timezone.now()),
        "sender": {"id": str(sender_id), "name": provider.name, "sent_by": user_name(sent_by)},
        "recipient": {"name": recipient_name},
        "person": person_data(person),
        "concerns": [concern_data(c, files) for c in concerns],
        "attachments": [{"sha256": d, "size": len(files[d])} for d in sorted(files)],
        "sections": {},
    }
    for section in registered_sections():
        data = section.export(person, list(concerns))
        if data:
            manifest["sections"][section.name] = data
    return manifest, files


def concern_data(concern: Concern, files: dict[str, bytes]) -> dict[str, Any]:
    return {
        "id": str(concern.pk),
        "reference": concern.reference,
        "raised_at": iso(concern.created_at),
        "reporter_name": concern.reporter_name[:200],
        "subject_type": concern.subject_type,
        "subject_name": concern.subject_name,
        "description": concern.description,
        "occurred_at": iso(concern.occurred_at),
        "location": concern.location,
        "indicators": list(concern.indicators),
        "category": concern.category,
        "ideology": concern.ideology,
        "immediate_risk": concern.immediate_risk,
        "status": concern.status,
        "lead_name": user_name(concern.lead),
        "acknowledged_at": iso(concern.acknowledged_at),
        "first_decision_at": iso(concern.first_decision_at),
        "latest_decision": concern.latest_decision,
        "next_review_on": iso(concern.next_review_on),
        "outcome": concern.outcome,
        "closed_at": iso(concern.closed_at),
        "closure_reason": concern.closure_reason,
        "chronology": [entry_data(e) for e in _entries(concern)],
        "actions": [action_data(a) for a in _of(CaseAction, concern, "owner", "completed_by")],
        "linked_people": [link_data(k) for k in _of(LinkedPerson, concern)],
        "reviews": [review_data(r) for r in _of(CaseReview, concern, "reviewer")],
        "documents": [document_data(a, files) for a in _of(Attachment, concern, "uploaded_by")],
    }


def _of(model: Any, concern: Concern, *related: str) -> list[Any]:
    rows = model.objects.for_provider(concern.provider_id).filter(concern=concern)
    if related:
        rows = rows.select_related(*related)
    return list(rows.order_by("created_at", "id"))


def _entries(concern: Concern) -> list[ChronologyEntry]:
    """Every version of every entry, in time order (earlier versions before later ones)."""
    entries = ChronologyEntry.objects.for_provider(concern.provider_id).filter(concern=concern)
    return list(entries.order_by("occurred_at", "created_at", "version"))


def entry_data(entry: ChronologyEntry) -> dict[str, Any]:
    return {
        "id": str(entry.pk),
        "root_id": str(entry.root_id or entry.pk),
        "version": entry.version,
        "superseded": entry.superseded,
        "kind": entry.kind,
        "occurred_at": iso(entry.occurred_at),
        "written_at": iso(entry.created_at),
        "author_name": entry.author_name[:200],
        "text": entry.text,
        "decision": entry.decision,
        "informed": entry.informed,
        "informed_at": iso(entry.informed_at),
    }


def action_data(action: CaseAction) -> dict[str, Any]:
    return {
        "id": str(action.pk),
        "description": action.description,
        "owner_name": user_name(action.owner),
        "due_on": iso(action.due_on),
        "completed_at": iso(action.completed_at),
        "completed_by_name": user_name(action.completed_by),
        "created_at": iso(action.created_at),
    }


def link_data(link: LinkedPerson) -> dict[str, Any]:
    return {"name": link.name, "relationship": link.relationship, "notes": link.notes}


def review_data(review: CaseReview) -> dict[str, Any]:
    return {
        "held_on": iso(review.held_on),
        "reviewer_name": user_name(review.reviewer),
        "summary": review.summary,
        "next_review_on": iso(review.next_review_on),
    }


def document_data(attachment: Attachment, files: dict[str, bytes]) -> dict[str, Any]:
    if attachment.sha256 not in files:
        content = read_decrypted(attachment.storage_name)
        if sha256_hex(content) != attachment.sha256:
            raise ValidationError(
                f"The stored copy of {attachment.original_name} is damaged (its checksum "
                "differs from the one recorded when it was added): the file cannot be sent."
            )
        files[attachment.sha256] = content
    return {
        "sha256": attachment.sha256,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "added_at": iso(attachment.created_at),
        "added_by_name": user_name(attachment.uploaded_by),
    }
