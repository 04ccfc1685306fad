"""Hashing rules for the audit chain, shared by writing and verifying."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_payload(row: dict[str, Any]) -> bytes:
    fields = {
        "seq": row["seq"],
        "at": row["at"].isoformat(timespec="microseconds"),
        "actor_id": row["actor_id"],
        "actor_label": row["actor_label"],
        "provider_id": row["provider_id"],
        "ip": row["ip"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "changed_fields": row["changed_fields"],
        "detail": row["detail"],
        "prev_hash": row["prev_hash"],
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def row_hash(row: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_payload(row)).hexdigest()
