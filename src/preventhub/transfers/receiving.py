"""Receiving a safeguarding file: hold it, then accept it into the registers or reject it.

Receiving decrypts and checks the package and holds it (encrypted with our own keys) as
"received": nothing is added to the registers yet. Accepting imports everything in one
transaction (the person, the concerns with every chronology version, actions, linked people,
reviews, documents and the sections of other modules), so any failure changes nothing.
The same package received or accepted twice never makes duplicates.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.concerns.attachments import CheckedFile, read_decrypted, store_encrypted
from preventhub.concerns.choices import Status
from preventhub.concerns.models import (
    Attachment,
    CaseAction,
    CaseReview,
    ChronologyEntry,
    Concern,
    LinkedPerson,
)
from preventhub.concerns.services import actor_name, clean_text, next_reference
from preventhub.core.encryption import fernet
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.people.services import person_create
from preventhub.transfers.checks import check_opened, summarise
from preventhub.transfers.choices import Direction, TransferStatus
from preventhub.transfers.models import ProviderIdentity, Transfer, TransferConcern
from preventhub.transfers.package import (
    MAX_EXPANSION,
    RECEIPT_FORMAT,
    RECEIPT_VERSION,
    Opened,
    PackageError,
    open_package,
    receipt_mac,
    unpack,
    zip_contents,
)
from preventhub.transfers.sections import get_section
from preventhub.transfers.services import advance_outgoing, case_note, provider_public_id

DEFAULT_MAX_PACKAGE_BYTES = 100 * 1024 * 1024


def max_package_bytes() -> int:
    return int(getattr(settings, "TRANSFER_PACKAGE_MAX_BYTES", DEFAULT_MAX_PACKAGE_BYTES))


def _refuse(exc: PackageError) -> ValidationError:
    return ValidationError({exc.field: str(exc)})


# --- receiving -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    transfer: Transfer
    created: bool


def transfer_receive(*, actor: Any, provider: Provider, data: bytes, passphrase: str) -> Received:
    """Decrypt, check and hold a package; receiving the same package again changes nothing."""
    limit = max_package_bytes()
    if len(data) > limit:
        raise ValidationError(
            {
                "package": f"The file is larger than {limit // (1024 * 1024)} MB, the most "
                "PreventHub accepts. Ask your administrator to raise TRANSFER_PACKAGE_MAX_BYTES."
            }
        )
    if not data:
        raise ValidationError({"package": "The file is empty."})
    try:
        opened = open_package(data, passphrase)
        check_opened(opened, own_id=provider_public_id(provider))
    except PackageError as exc:
        raise _refuse(exc) from exc
    manifest = opened.manifest
    earlier = _earlier(provider, manifest["transfer_id"], opened.sha256)
    if earlier is not None:
        return Received(earlier, created=False)
    try:
        return Received(_hold(actor, provider, opened), created=True)
    except IntegrityError:
        # The same package was received at the same moment by a colleague: theirs stands.
        earlier = _earlier(provider, manifest["transfer_id"], opened.sha256)
        if earlier is None:
            raise
        return Received(earlier, created=False)


def _earlier(provider: Provider, transfer_id: str, sha256: str) -> Transfer | None:
    earlier: Transfer | None = (
        Transfer.objects.for_provider(provider)
        .filter(direction=Direction.INCOMING, transfer_id=transfer_id)
        .first()
    )
    if earlier is None:
        return None
    if earlier.package_sha256 != sha256:
        raise ConflictError(
            {
                "package": f"A different file with this transfer's id ({earlier.reference}) was "
                "received before. Ask the sender which file is right."
            }
        )
    if earlier.status == TransferStatus.ACCEPTED:
        raise ConflictError(
            {
                "package": f"You accepted this file ({earlier.reference}) on "
                f"{_day(earlier.decided_at)}: it is already in your records."
            }
        )
    if earlier.status == TransferStatus.REJECTED:
        raise ConflictError(
            {
                "package": f"You rejected this file ({earlier.reference}) on "
                f"{_day(earlier.decided_at)}. Ask the sender to send a new one if that changes."
            }
        )
    return earlier


def _day(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d %B %Y}" if value else "an earlier day"


def _hold(actor: Any, provider: Provider, opened: Opened) -> Transfer:
    manifest = opened.manifest
    token = fernet().encrypt(zip_contents(manifest, opened.files))
    stored = default_storage.save(
        f"transfers/{provider.pk}/{uuid.uuid4().hex}.bin", ContentFile(token)
    )
    try:
        with transaction.atomic():
            now = timezone.now()
            person = manifest["person"]
            transfer = Transfer.unscoped.create(
                provider=provider,
                direction=Direction.INCOMING,
                transfer_id=manifest["transfer_id"],
                status=TransferStatus.RECEIVED,
                person_name=f"{person['first_name']} {person['last_name']}",
                person_mis_id=person["mis_id"],
                counterpart_name=manifest["sender"]["name"],
                counterpart_id=manifest["sender"]["id"],
                package_sha256=opened.sha256,
                storage_name=stored,
                receipt_key=opened.receipt_key.hex(),
                summary=summarise(manifest),
                created_by=actor,
                created_by_name=actor_name(actor),
                received_at=now,
            )
            audit_record(
                actor=actor,
                action="import",
                obj=transfer,
                changed_fields=["status"],
                detail={"concerns": len(manifest["concerns"]), "documents": len(opened.files)},
            )
            _tell_sender(transfer, TransferStatus.RECEIVED, now)
    except BaseException:
        default_storage.delete(stored)
        raise
    return transfer


def _tell_sender(transfer: Transfer, status: str, when: datetime) -> None:
    """When the sender is on this installation too, its transfer's status follows at once."""
    if transfer.counterpart_id is None:
        return
    sender = ProviderIdentity.objects.filter(public_id=transfer.counterpart_id).first()
    if sender is None:
        return
    outgoing = (
        Transfer.objects.for_provider(sender.provider_id)
        .select_for_update()
        .filter(
            direction=Direction.OUTGOING,
            transfer_id=transfer.transfer_id,
            package_sha256=transfer.package_sha256,
        )
        .first()
    )
    if outgoing is not None:
        advance_outgoing(
            outgoing,
            status,
            when,
            transfer.provider.name,
            transfer.rejection_reason,
            actor=None,
            detail={"via": "same installation"},
        )


# --- the held file ---------------------------------------------------------------------------


def held_file(transfer: Transfer) -> Opened:
    """The received file, read back from our encrypted copy."""
    current = Transfer.unscoped.get(pk=transfer.pk)
    if current.direction != Direction.INCOMING or current.status != TransferStatus.RECEIVED:
        raise ConflictError(
            f"{current.reference} is already {current.get_status_display().lower()}."
        )
    try:
        plain = read_decrypted(current.storage_name)
    except (OSError, InvalidToken) as exc:
        raise ConflictError(
            f"The copy of {current.reference} held here cannot be read (it may have been "
            "removed, or the encryption keys changed). Receive the file again."
        ) from exc
    manifest, files = unpack(plain, limit=max_package_bytes() * MAX_EXPANSION)
    return Opened(
        manifest=manifest,
        files=files,
        sha256=transfer.package_sha256,
        receipt_key=bytes.fromhex(transfer.receipt_key),
    )


def _locked_received(transfer: Transfer, doing: str) -> Transfer:
    locked = Transfer.unscoped.select_for_update().get(pk=transfer.pk)
    if locked.direction != Direction.INCOMING:
        raise ConflictError(f"Only a file you received can be {doing}.")
    if locked.status != TransferStatus.RECEIVED:
        raise ConflictError(f"{locked.reference} is already {locked.get_status_display().lower()}.")
    return locked


# --- rejecting -------------------------------------------------------------------------------


def transfer_reject(*, actor: Any, transfer: Transfer, reason: str) -> Transfer:
    """Refuse the file (e.g. not our learner); nothing is added and the held copy is deleted."""
    text = clean_text(reason, "reason", required=True, limit=2000)
    with transaction.atomic():
        transfer = _locked_received(transfer, "rejected")
        stored, now = transfer.storage_name, timezone.now()
        transfer.status = TransferStatus.REJECTED
        transfer.decided_at = now
        transfer.decided_by_name = actor_name(actor)
        transfer.rejection_reason = text
        transfer.storage_name = ""
        transfer.save()
        audit_record(
            actor=actor,
            action="reject",
            obj=transfer,
            changed_fields=["status", "decided_at", "rejection_reason"],
        )
        _tell_sender(transfer, TransferStatus.REJECTED, now)
        transaction.on_commit(lambda: default_storage.delete(stored))
    return transfer


# --- accepting -------------------------------------------------------------------------------


@dataclass
class Imported:
    concerns: dict[str, Concern]
    stored: list[str]
    skipped: list[str]


def transfer_accept(*, actor: Any, transfer: Transfer, mis_id: str = "") -> Transfer:
    """Add the file to our registers: the person (found by MIS id, or added) and their cases."""
    opened = held_file(transfer)
    try:
        check_opened(opened, own_id=provider_public_id(transfer.provider_id))
    except PackageError as exc:
        raise _refuse(exc) from exc
    imported = Imported(concerns={}, stored=[], skipped=[])
    try:
        with transaction.atomic():
            transfer = _locked_received(transfer, "accepted")
            _accept(actor, transfer, opened, mis_id, imported)
    except BaseException:
        for name in imported.stored:  # the rows rolled back; their files must not linger
            default_storage.delete(name)
        raise
    return transfer


def _accept(
    actor: Any, transfer: Transfer, opened: Opened, mis_id: str, imported: Imported
) -> None:
    manifest = opened.manifest
    person, created = _person_for(actor, transfer, manifest["person"], mis_id)
    for data in manifest["concerns"]:
        _import_concern(actor, transfer, person, data, opened.files, imported)
    for name, section_data in manifest["sections"].items():
        section = get_section(name)
        if section is None:  # checked above; a section unregistered since then
            raise ValidationError(f'"{name}" records cannot be imported by this PreventHub.')
        section.import_(transfer.provider, person, dict(imported.concerns), section_data, actor)
    stored, now = transfer.storage_name, timezone.now()
    transfer.status = TransferStatus.ACCEPTED
    transfer.person = person
    transfer.decided_at = now
    transfer.decided_by_name = actor_name(actor)
    transfer.storage_name = ""
    transfer.summary = {**transfer.summary, "skipped": imported.skipped}
    transfer.save()
    audit_record(
        actor=actor,
        action="accept",
        obj=transfer,
        changed_fields=["status", "person", "decided_at"],
        detail={
            "concerns": len(imported.concerns),
            "already_held": len(imported.skipped),
            "person_added": created,
        },
    )
    _tell_sender(transfer, TransferStatus.ACCEPTED, now)
    transaction.on_commit(lambda: default_storage.delete(stored))


def _person_for(
    actor: Any, transfer: Transfer, data: dict[str, Any], mis_id: str
) -> tuple[Person, bool]:
    """Our register's record of the person: the one with this MIS id, or a new one."""
    ours = (mis_id or "").strip() or data["mis_id"]
    if len(ours) > 64:
        raise ValidationError({"mis_id": "An MIS id has at most 64 characters."})
    existing = (
        Person.objects.for_provider(transfer.provider_id)
        .filter(kind=data["kind"], mis_id=ours)
        .first()
    )
    if existing is None:
        person = person_create(
            actor=actor,
            provider=transfer.provider,
            kind=data["kind"],
            mis_id=ours,
            first_name=data["first_name"],
            last_name=data["last_name"],
            preferred_name=data["preferred_name"],
            date_of_birth=_date(data["date_of_birth"]),
        )
        return person, True
    _same_person(existing, data)
    return existing, False


def _same_person(existing: Person, data: dict[str, Any]) -> None:
    born = _date(data["date_of_birth"])
    name_differs = existing.last_name.strip().casefold() != data["last_name"].strip().casefold()
    born_differs = bool(born and existing.date_of_birth and born != existing.date_of_birth)
    if name_differs or born_differs:
        raise ValidationError(
            {
                "mis_id": f"MIS id {existing.mis_id} in your register is {existing.full_name}"
                f"{_born(existing.date_of_birth)}, but the file is about {data['first_name']} "
                f"{data['last_name']}{_born(born)}. Enter the MIS id your institution uses for "
                "them, or leave it empty to add them to the register."
            }
        )


def _born(value: date | None) -> str:
    return f" (born {value:%d %B %Y})" if value else ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _on(value: str) -> date:
    return date.fromisoformat(value)


def _import_concern(
    actor: Any,
    transfer: Transfer,
    person: Person,
    data: dict[str, Any],
    files: dict[str, bytes],
    imported: Imported,
) -> None:
    sender_id = transfer.counterpart_id
    if sender_id is None:  # every received file names its sender
        raise ValidationError("The file does not name its sender.")
    held = TransferConcern.objects.for_provider(transfer.provider_id).filter(
        direction=Direction.INCOMING, source_provider_id=sender_id, source_concern_id=data["id"]
    )
    if held.exists():
        imported.skipped.append(data["reference"])
        return
    concern = _concern_from(actor, transfer, person, data)
    _entries_from(concern, data["chronology"])
    for action in data["actions"]:
        _action_from(actor, concern, action)
    for link in data["linked_people"]:
        LinkedPerson.unscoped.create(provider_id=concern.provider_id, concern=concern, **link)
    for review in data["reviews"]:
        _review_from(concern, review)
    for doc in data["documents"]:
        imported.stored.append(_document_from(actor, concern, doc, files[doc["sha256"]]))
    TransferConcern.unscoped.create(
        provider_id=concern.provider_id,
        transfer=transfer,
        concern=concern,
        direction=Direction.INCOMING,
        source_provider_id=sender_id,
        source_concern_id=data["id"],
        source_reference=data["reference"],
    )
    case_note(
        concern,
        actor,
        f"Transferred in from {transfer.counterpart_name} (their reference {data['reference']}, "
        f"transfer {transfer.reference}); accepted by {actor_name(actor)}.",
    )
    audit_record(
        actor=actor,
        action="create",
        obj=concern,
        changed_fields=["description", "subject_name", "location", "outcome", "chronology"],
        detail={"transfer": transfer.reference, "entries": len(data["chronology"])},
    )
    imported.concerns[data["id"]] = concern


def _concern_from(actor: Any, transfer: Transfer, person: Person, data: dict[str, Any]) -> Concern:
    now = timezone.now()
    status = Status.IN_TRIAGE if data["status"] == Status.NEW else data["status"]
    acknowledged = _when(data["acknowledged_at"])
    concern = Concern.unscoped.create(
        provider_id=transfer.provider_id,
        reference=next_reference(transfer.provider, now),
        reporter=None,
        reporter_name=data["reporter_name"] or "Not known",
        subject_type=person.kind,
        subject_person=person,
        subject_name=data["subject_name"] or person.full_name,
        description=data["description"],
        occurred_at=_at(data["occurred_at"]),
        location=data["location"],
        indicators=data["indicators"],
        category=data["category"],
        ideology=data["ideology"],
        immediate_risk=data["immediate_risk"],
        status=status,
        # The accepting lead leads on the case here, and has acknowledged it by accepting it.
        lead=actor,
        acknowledged_at=acknowledged or now,
        acknowledged_by=None if acknowledged else actor,
        first_decision_at=_when(data["first_decision_at"]),
        latest_decision=data["latest_decision"],
        next_review_on=_date(data["next_review_on"]),
        outcome=data["outcome"],
        closed_at=_when(data["closed_at"]),
        closure_reason=data["closure_reason"],
    )
    Concern.unscoped.filter(pk=concern.pk).update(created_at=_when(data["raised_at"]))
    return concern


def _entries_from(concern: Concern, entries: list[dict[str, Any]]) -> None:
    """Every version of every entry, with its author's name and when it was written."""
    new_ids: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: e["version"]):
        row = ChronologyEntry.unscoped.create(
            provider_id=concern.provider_id,
            concern=concern,
            kind=entry["kind"],
            occurred_at=_at(entry["occurred_at"]),
            author=None,
            author_name=entry["author_name"] or "Not known",
            text=entry["text"],
            decision=entry["decision"],
            informed=entry["informed"],
            informed_at=_when(entry["informed_at"]),
            root_id=new_ids.get(entry["root_id"]),
            version=entry["version"],
            superseded=entry["superseded"],
        )
        new_ids[entry["id"]] = row.pk
        ChronologyEntry.unscoped.filter(pk=row.pk).update(
            root_id=new_ids[entry["root_id"]], created_at=_when(entry["written_at"])
        )


def _action_from(actor: Any, concern: Concern, data: dict[str, Any]) -> None:
    completed = _when(data["completed_at"])
    action = CaseAction.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        description=data["description"],
        # An open action needs an owner here: the lead who accepted the file, until reassigned.
        owner=None if completed else actor,
        due_on=_on(data["due_on"]),
        completed_at=completed,
    )
    CaseAction.unscoped.filter(pk=action.pk).update(created_at=_when(data["created_at"]))


def _review_from(concern: Concern, data: dict[str, Any]) -> None:
    CaseReview.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        held_on=_on(data["held_on"]),
        reviewer=None,
        summary=data["summary"],
        next_review_on=_date(data["next_review_on"]),
    )


def _document_from(actor: Any, concern: Concern, data: dict[str, Any], content: bytes) -> str:
    """Store the document encrypted with our own keys; returns its storage name."""
    checked = CheckedFile(data["name"], data["content_type"], content)
    stored = store_encrypted(concern.provider_id, checked)
    attachment = Attachment.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        original_name=data["name"],
        content_type=data["content_type"],
        size=len(content),
        sha256=checked.sha256,
        storage_name=stored,
        uploaded_by=None,
    )
    Attachment.unscoped.filter(pk=attachment.pk).update(created_at=_when(data["added_at"]))
    return stored


# --- receipts, on the receiver's side --------------------------------------------------------


def transfer_receipt(*, actor: Any, transfer: Transfer) -> dict[str, Any]:
    """The signed receipt the sender uploads to learn this file's status (audited)."""
    if transfer.direction != Direction.INCOMING:
        raise ConflictError("Receipts are made for files you received.")
    when = transfer.decided_at or transfer.received_at or transfer.created_at
    body: dict[str, Any] = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "transfer_id": str(transfer.transfer_id),
        "package_sha256": transfer.package_sha256,
        "status": transfer.status,
        "at": when.astimezone(UTC).isoformat(),
        "receiver": {
            "id": str(provider_public_id(transfer.provider_id)),
            "name": transfer.provider.name,
        },
        "reason": transfer.rejection_reason if transfer.status == TransferStatus.REJECTED else "",
    }
    body["mac"] = receipt_mac(bytes.fromhex(transfer.receipt_key), body)
    audit_record(
        actor=actor,
        action="export",
        obj=transfer,
        detail={"part": "receipt", "status": body["status"]},
    )
    return body


def receipt_bytes(body: dict[str, Any]) -> bytes:
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
