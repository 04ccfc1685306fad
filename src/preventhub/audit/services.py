"""Writing the audit trail. Call inside the same transaction as the change being audited."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from preventhub.audit.chain import row_hash
from preventhub.audit.models import AuditChainHead, AuditEvent
from preventhub.audit.verify import VerifyResult, verify_chain
from preventhub.core.request_context import current_request_meta

_MIN_LEAK_LENGTH = 12


class SensitiveDetailError(ValueError):
    """An audit row was asked to hold the value of an encrypted field; it holds names only."""


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    provider_id: int | None = None,
    changed_fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``detail`` must hold only non-sensitive facts (keys, counts, roles)."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        if provider_id is None:
            provider_id = getattr(obj, "provider_id", None)
        refuse_sensitive_detail(obj, detail or {})
    row: dict[str, Any] = {
        "actor_id": actor_id_of(actor),
        "actor_label": actor_label_of(actor),
        "provider_id": provider_id,
        "ip": request_ip(),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changed_fields": sorted(set(changed_fields)),
        "detail": as_stored_json(detail or {}),
    }
    return append_to_chain(row)


def append_to_chain(row: dict[str, Any]) -> AuditEvent:
    """Lock the chain head so concurrent writers take turns, then link and store ``row``.

    The head row is the one point of serialisation: each writer reads the last seq and hash
    under ``SELECT ... FOR UPDATE``, so no two rows get the same seq or the same predecessor.
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        row = {
            **row,
            "seq": head.last_seq + 1,
            "at": datetime.now(tz=UTC),
            "prev_hash": head.last_hash,
        }
        row["hash"] = row_hash(row)
        event = AuditEvent.objects.create(**row)
        AuditChainHead.objects.filter(pk=head.pk).update(last_seq=row["seq"], last_hash=row["hash"])
    return event


def actor_id_of(actor: Any) -> int | None:
    return int(actor.pk) if _signed_in(actor) else None


def actor_label_of(actor: Any) -> str:
    return str(actor.get_username())[:150] if _signed_in(actor) else "system"


def _signed_in(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def request_ip() -> str | None:
    """The caller's IP in the canonical form the database returns, or None if not an address.

    Hashing the exact string that will be read back keeps verification stable (IPv6 is
    compressed on save); a forged, non-address X-Forwarded-For must not break the write.
    """
    meta = current_request_meta()
    if meta is None or not meta.ip:
        return None
    try:
        return str(ipaddress.ip_address(meta.ip.strip()))
    except ValueError:
        return None


def as_stored_json(value: Any) -> Any:
    """``value`` as it will come back from the JSON column, so the hash is computed on that."""
    return json.loads(json.dumps(value, default=str))


def refuse_sensitive_detail(obj: models.Model, detail: dict[str, Any]) -> None:
    """Encrypted (narrative) fields may be named in an audit row, never copied into it."""
    from preventhub.core.encryption import EncryptedTextField

    dumped = json.dumps(detail, default=str)
    for field in obj._meta.concrete_fields:
        if not isinstance(field, EncryptedTextField):
            continue
        value = getattr(obj, field.attname, None)
        if field.name in detail or _appears_in(value, dumped):
            raise SensitiveDetailError(
                f"Audit detail must not contain the value of the encrypted field {field.name}."
            )


def _appears_in(value: Any, dumped: str) -> bool:
    # Short values ("none", "ASD") would match innocent detail by chance and block real work.
    if not isinstance(value, str) or len(value) < _MIN_LEAK_LENGTH:
        return False
    return json.dumps(value)[1:-1] in dumped


def fields_changed(before: dict[str, Any], after: models.Model, fields: Iterable[str]) -> list[str]:
    """Names of ``fields`` whose value on ``after`` differs from the ``before`` snapshot."""
    return [f for f in fields if before.get(f) != getattr(after, f)]


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def audit_chain_verify(*, actor: Any, provider_id: int | None) -> VerifyResult:
    """Verify the whole chain on request and record that it was checked, and the outcome.

    An inspector can then see when the trail was last checked, by whom, and whether it held.
    """
    result = verify_chain()
    audit_record(
        actor=actor,
        action="verify_audit",
        object_type="audit.auditevent",
        provider_id=provider_id,
        detail={"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq},
    )
    return result


def audit_export_recorded(
    *, actor: Any, provider_id: int, rows: int, filters: dict[str, str]
) -> AuditEvent:
    """Record an export of the trail (who took a copy, how many rows, with which filters)."""
    return audit_record(
        actor=actor,
        action="export",
        object_type="audit.auditevent",
        provider_id=provider_id,
        detail={"rows": rows, "filters": filters},
    )
