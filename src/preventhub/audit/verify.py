"""Walk the chain and name the first row that was altered, inserted or removed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    first_bad_seq: int | None = None


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    """Check every row in seq order, then the head: the first failure is reported and ends it."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = AuditEvent.objects.order_by("seq").values(*_FIELDS).iterator(chunk_size=batch_size)
    for row in rows:
        problem = row_problem(row, expected_seq, prev_hash)
        if problem is not None:
            return VerifyResult(False, checked, problem, first_bad_seq=expected_seq)
        prev_hash, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    return head_result(checked, prev_hash)


def row_problem(row: dict[str, Any], expected_seq: int, prev_hash: str) -> str | None:
    """Why ``row`` cannot be the row at ``expected_seq`` after ``prev_hash``, if it cannot."""
    seq = row["seq"]
    if seq != expected_seq:
        return f"row #{expected_seq} is missing (the next row is #{seq})"
    if row["prev_hash"] != prev_hash:
        return (
            f"row #{seq} does not follow row #{seq - 1}: a row before it was removed, "
            "inserted or re-ordered"
        )
    if row_hash(row) != row["hash"]:
        return f"row #{seq} was altered: its content no longer matches its hash"
    return None


def head_result(checked: int, last_hash: str) -> VerifyResult:
    """The head records the last row written, so removing or appending rows at the end shows."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or (head.last_seq == checked and head.last_hash == last_hash):
        return VerifyResult(True, checked, f"{checked} audit rows verified; the chain is intact")
    if head.last_seq > checked:
        message = (
            f"row #{checked + 1} is missing: rows #{checked + 1} to #{head.last_seq} were "
            f"removed (the chain head records #{head.last_seq})"
        )
        return VerifyResult(False, checked, message, first_bad_seq=checked + 1)
    if head.last_seq < checked:
        message = (
            f"row #{head.last_seq + 1} was added after the last row written "
            f"(the chain head records #{head.last_seq})"
        )
        return VerifyResult(False, checked, message, first_bad_seq=head.last_seq + 1)
    message = f"row #{checked} was replaced: it is not the last row the chain head recorded"
    return VerifyResult(False, checked, message, first_bad_seq=checked)
