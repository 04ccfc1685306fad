"""Writing the audit trail. Call inside the same transaction as the change being audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from preventhub.audit.chain import row_hash
from preventhub.audit.models import AuditChainHead, AuditEvent
from preventhub.core.request_context import current_request_meta


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
    meta = current_request_meta()
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        row: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "at": datetime.now(tz=UTC),
            "actor_id": actor.pk if signed_in else None,
            "actor_label": actor.get_username() if signed_in else "system",
            "provider_id": provider_id,
            "ip": meta.ip if meta else None,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "changed_fields": sorted(set(changed_fields)),
            "detail": detail or {},
            "prev_hash": head.last_hash,
        }
        row["hash"] = row_hash(row)
        event = AuditEvent.objects.create(**row)
        AuditChainHead.objects.filter(pk=head.pk).update(last_seq=row["seq"], last_hash=row["hash"])
    return event


def fields_changed(before: dict[str, Any], after: models.Model, fields: Iterable[str]) -> list[str]:
    """Names of ``fields`` whose value on ``after`` differs from the ``before`` snapshot."""
    return [f for f in fields if before.get(f) != getattr(after, f)]


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}
