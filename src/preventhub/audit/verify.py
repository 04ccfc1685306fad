"""Walk the chain and name the first row that was altered, inserted or removed."""

from __future__ import annotations

from dataclasses import dataclass

from preventhub.audit.chain import GENESIS_HASH, row_hash
from preventhub.audit.models import AuditChainHead, AuditEvent

_FIELDS = [
    "seq", "at", "actor_id", "actor_label", "provider_id", "ip", "action",
    "object_type", "object_id", "changed_fields", "detail", "prev_hash", "hash",
]  # fmt: skip


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    message: str


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = AuditEvent.objects.order_by("seq").values(*_FIELDS).iterator(chunk_size=batch_size)
    for row in rows:
        if row["seq"] != expected_seq:
            return VerifyResult(False, checked, f"row #{expected_seq} is missing (next is #{row['seq']})")
        if row["prev_hash"] != prev_hash:
            return VerifyResult(False, checked, f"row #{row['seq']} does not follow row #{expected_seq - 1}: the chain is broken")
        if row_hash(row) != row["hash"]:
            return VerifyResult(False, checked, f"row #{row['seq']} was altered: its content no longer matches its hash")
        prev_hash, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return VerifyResult(False, checked, f"rows after #{checked} were removed (the chain head records #{head.last_seq})")
    return VerifyResult(True, checked, f"{checked} audit rows verified; the chain is intact")
