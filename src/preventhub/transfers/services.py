"""Sending a safeguarding file, following its receipts, and flagging files nobody received.

Each write validates, saves and audits in one transaction. Audit rows name fields and counts,
never narrative values; the passphrase is never stored (only the receipt key derived from it).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.concerns.choices import EntryKind
from preventhub.concerns.models import ChronologyEntry, Concern
from preventhub.concerns.services import actor_name
from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.transfers.checks import summarise
from preventhub.transfers.choices import NEXT_STATUSES, Direction, TransferStatus
from preventhub.transfers.export import build_manifest, concerns_about
from preventhub.transfers.models import ProviderIdentity, Transfer, TransferConcern
from preventhub.transfers.package import (
    DEFAULT_LOG2_N,
    RECEIPT_FORMAT,
    RECEIPT_VERSION,
    new_passphrase,
    receipt_valid,
    seal,
)
from preventhub.transfers.schooldays import receipt_due_on

MAX_RECEIPT_BYTES = 64 * 1024


def provider_public_id(provider: Provider | int) -> uuid.UUID:
    provider_id = provider if isinstance(provider, int) else provider.pk
    identity, _ = ProviderIdentity.objects.get_or_create(provider_id=provider_id)
    return identity.public_id


def scrypt_cost() -> int:
    return int(getattr(settings, "TRANSFER_SCRYPT_LOG2_N", DEFAULT_LOG2_N))


def case_note(concern: Concern, actor: Any, text: str) -> ChronologyEntry:
    """A system-written "Record transfer" line in the case's chronology."""
    entry = ChronologyEntry.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        kind=EntryKind.TRANSFER,
        occurred_at=timezone.now(),
        author=actor,
        author_name=actor_name(actor),
        text=text,
    )
    ChronologyEntry.unscoped.filter(pk=entry.pk).update(root=entry.pk)
    return entry


# --- sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    transfer: Transfer
    # Shown once, to the sender, when the transfer is made; None for a repeated submission.
    passphrase: str | None


def transfer_send(
    *,
    actor: Any,
    provider: Provider,
    person: Person,
    recipient_name: str,
    idempotency_key: str | None = None,
) -> Sent:
    """Seal the person's safeguarding file for the named institution; status "sent"."""
    recipient = str(recipient_name or "").strip()
    if not recipient:
        raise ValidationError({"recipient_name": "Enter the institution the file is going to."})
    if len(recipient) > 200:
        raise ValidationError(
            {"recipient_name": "Keep the institution's name under 200 characters."}
        )
    if person.provider_id != provider.pk:
        raise ValidationError({"mis_id": "No such person in your register."})
    key = (idempotency_key or "").strip()[:100] or None
    if key and (earlier := _by_key(provider, actor, key)) is not None:
        return Sent(earlier, None)
    concerns = concerns_about(provider, person)
    if not concerns:
        raise ValidationError(
            {"mis_id": f"{person.full_name} has no concerns on record: there is no file to send."}
        )
    try:
        return _send(actor, provider, person, recipient, key, concerns)
    except IntegrityError:
        earlier = _by_key(provider, actor, key) if key else None
        if earlier is None:
            raise
        return Sent(earlier, None)


def _by_key(provider: Provider, actor: Any, key: str) -> Transfer | None:
    return (
        Transfer.objects.for_provider(provider)
        .filter(created_by=actor, idempotency_key=key, direction=Direction.OUTGOING)
        .first()
    )


def _send(
    actor: Any,
    provider: Provider,
    person: Person,
    recipient: str,
    key: str | None,
    concerns: list[Concern],
) -> Sent:
    transfer_id = uuid.uuid4()
    manifest, files = build_manifest(
        provider=provider,
        sender_id=provider_public_id(provider),
        sent_by=actor,
        person=person,
        concerns=concerns,
        recipient_name=recipient,
        transfer_id=transfer_id,
    )
    passphrase = new_passphrase()
    sealed = seal(manifest, files, passphrase, log2_n=scrypt_cost())
    stored = default_storage.save(
        f"transfers/{provider.pk}/{uuid.uuid4().hex}.phsg", ContentFile(sealed.data)
    )
    try:
        with transaction.atomic():
            transfer = Transfer.unscoped.create(
                provider=provider,
                direction=Direction.OUTGOING,
                transfer_id=transfer_id,
                status=TransferStatus.SENT,
                person=person,
                person_name=person.full_name,
                person_mis_id=person.mis_id,
                counterpart_name=recipient,
                package_sha256=sealed.sha256,
                storage_name=stored,
                receipt_key=sealed.receipt_key.hex(),
                summary=summarise(manifest),
                created_by=actor,
                created_by_name=actor_name(actor),
                idempotency_key=key,
            )
            for concern in concerns:
                _sent_concern(transfer, concern, actor)
            audit_record(
                actor=actor,
                action="create",
                obj=transfer,
                changed_fields=["status", "person", "counterpart_name"],
                detail={"concerns": len(concerns), "documents": len(files)},
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return Sent(transfer, passphrase)


def _sent_concern(transfer: Transfer, concern: Concern, actor: Any) -> None:
    TransferConcern.unscoped.create(
        provider_id=transfer.provider_id,
        transfer=transfer,
        concern=concern,
        direction=Direction.OUTGOING,
        source_provider_id=provider_public_id(transfer.provider_id),
        source_concern_id=concern.pk,
        source_reference=concern.reference,
    )
    case_note(
        concern,
        actor,
        f"Safeguarding file sent to {transfer.counterpart_name} (transfer {transfer.reference}).",
    )
    # The case's content left the institution: its own trail says so, and in which transfer.
    audit_record(actor=actor, action="export", obj=concern, detail={"transfer": transfer.reference})


def transfer_package(*, actor: Any, transfer: Transfer) -> bytes:
    """The sealed package, for the sender to download (each download is audited)."""
    if not transfer.is_outgoing or not transfer.storage_name:
        raise ValidationError("Only a file you sent can be downloaded.")
    with default_storage.open(transfer.storage_name, "rb") as handle:
        data: bytes = handle.read()
    audit_record(actor=actor, action="export", obj=transfer, detail={"bytes": len(data)})
    return data


# --- receipts, on the sender's side ---------------------------------------------------------


def transfer_record_receipt(*, actor: Any, transfer: Transfer, raw: bytes) -> Transfer:
    """Check a receipt the receiver sent back, and move our status on to what it says."""
    if not transfer.is_outgoing:
        raise ValidationError({"receipt": "Receipts are uploaded for files you sent."})
    body = _receipt_body(raw)
    if body.get("transfer_id") != str(transfer.transfer_id):
        raise ValidationError({"receipt": "This receipt is for a different transfer."})
    if body.get("package_sha256") != transfer.package_sha256:
        raise ValidationError({"receipt": "This receipt is for a different copy of the file."})
    if not receipt_valid(bytes.fromhex(transfer.receipt_key), body):
        raise ValidationError(
            {
                "receipt": "This receipt's signature does not check out: it was changed, or it was "
                "not made by PreventHub from this file."
            }
        )
    status, when = body.get("status"), _receipt_time(body.get("at"))
    if status not in (TransferStatus.RECEIVED, TransferStatus.ACCEPTED, TransferStatus.REJECTED):
        raise ValidationError({"receipt": "The receipt's status is not one PreventHub uses."})
    receiver = body.get("receiver")
    receiver_name = str(receiver.get("name", ""))[:200] if isinstance(receiver, dict) else ""
    with transaction.atomic():
        locked = Transfer.unscoped.select_for_update().get(pk=transfer.pk)
        if not advance_outgoing(
            locked, status, when, receiver_name, str(body.get("reason") or ""), actor=actor
        ):
            raise ValidationError(
                {
                    "receipt": f"This transfer is already {locked.get_status_display().lower()}: "
                    "the receipt changes nothing."
                }
            )
    return locked


def _receipt_body(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_RECEIPT_BYTES:
        raise ValidationError({"receipt": "That file is too big to be a receipt."})
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"receipt": "That file is not a receipt (not JSON)."}) from exc
    if not isinstance(body, dict) or body.get("format") != RECEIPT_FORMAT:
        raise ValidationError({"receipt": "That file is not a PreventHub transfer receipt."})
    if body.get("version") != RECEIPT_VERSION:
        raise ValidationError({"receipt": "The receipt's version is not one PreventHub reads."})
    return body


def _receipt_time(value: Any) -> datetime:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({"receipt": "The receipt's date and time cannot be read."}) from exc
    if timezone.is_naive(when):
        raise ValidationError({"receipt": "The receipt's date and time has no UTC offset."})
    return min(when, timezone.now())


def advance_outgoing(
    transfer: Transfer,
    status: str,
    when: datetime,
    receiver_name: str,
    reason: str,
    *,
    actor: Any,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Move an outgoing transfer forward to ``status`` (never back); False if nothing changes."""
    if status not in NEXT_STATUSES[transfer.status]:
        return False
    changed = ["status", "receipt_recorded_at"]
    transfer.status = status
    transfer.receipt_recorded_at = timezone.now()
    if transfer.received_at is None:
        transfer.received_at = when
        changed.append("received_at")
    if status in (TransferStatus.ACCEPTED, TransferStatus.REJECTED):
        transfer.decided_at = when
        transfer.decided_by_name = receiver_name
        changed += ["decided_at", "decided_by_name"]
    if status == TransferStatus.REJECTED:
        transfer.rejection_reason = reason[:2000]
        changed.append("rejection_reason")
    transfer.save()
    audit_record(
        actor=actor,
        action="receipt",
        obj=transfer,
        changed_fields=changed,
        detail={"status": status, **(detail or {})},
    )
    return True


# --- the five-school-day flag --------------------------------------------------------------


def is_overdue(transfer: Transfer, now: datetime | None = None) -> bool:
    """A file we sent that nobody has said they received by the fifth school day after."""
    if transfer.direction != Direction.OUTGOING or transfer.status != TransferStatus.SENT:
        return False
    today = timezone.localdate(now or timezone.now())
    return today > receipt_due_on(timezone.localdate(transfer.created_at))


def overdue_transfers(now: datetime | None = None) -> list[Transfer]:
    """Every provider's sent files with no receipt after five school days, oldest first.

    For the reminders job (a system job, so it reads across providers): tell each provider's
    safeguarding team which files to chase.
    """
    now = now or timezone.now()
    # Five school days are at least seven calendar days: older rows are the only candidates.
    candidates = Transfer.unscoped.filter(
        direction=Direction.OUTGOING,
        status=TransferStatus.SENT,
        created_at__lt=now - timedelta(days=6),
    ).select_related("provider")
    return [t for t in candidates.order_by("created_at") if is_overdue(t, now)]
