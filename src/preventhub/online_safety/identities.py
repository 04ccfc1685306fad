"""Pseudonymous identities: who made a request, without the name leaving the safeguarding team.

The log's user field (or the client address when there is none) is normalised — ``DOMAIN\\user``
and ``user@domain`` become ``user``, lower-case, unless the source's ``identity_mapping`` says
otherwise — and keyed with an HMAC whose key comes from settings (``WEBLOG_PSEUDONYM_KEY``, or
one derived from ``SECRET_KEY`` when unset). The store, the reports and the IT manager see only
the pseudonym ("U-7F3A21"); the name is kept encrypted on the Identity for the safeguarding
team. Guest accounts are recognised by the source's ``guest_patterns`` (``guest*``).

Work is per distinct identity (a day of 5 million lines has ~20,000), never per line.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings

from preventhub.online_safety.models import Identity, LogSource

PREFIX = "U-"


def pseudonym_key() -> bytes:
    configured = getattr(settings, "WEBLOG_PSEUDONYM_KEY", "")
    if configured:
        return str(configured).encode()
    # Derived, so that a deployment works out of the box; set WEBLOG_PSEUDONYM_KEY to keep
    # pseudonyms stable across a SECRET_KEY rotation.
    return hashlib.sha256(b"preventhub-weblog-pseudonyms:" + settings.SECRET_KEY.encode()).digest()


def normalise_identity(raw: str | None, client_ip: str | None, mapping: dict[str, Any]) -> str:
    """``CORP\\JSmith`` → ``jsmith``; ``jsmith@corp.test`` → ``jsmith``; none → the address."""
    value = (raw or "").strip()
    if value in ("", "-"):
        return (client_ip or "unknown").strip().lower()
    if mapping.get("strip_domain", True):
        value = value.replace("\\\\", "\\").rsplit("\\", 1)[-1].split("@", 1)[0]
    if mapping.get("lowercase", True):
        value = value.lower()
    return value or (client_ip or "unknown")


def identity_hash(normal: str, provider_id: int) -> str:
    message = f"{provider_id}:{normal}".encode()
    return hmac.new(pseudonym_key(), message, hashlib.sha256).hexdigest()


@dataclass
class IdentityBook:
    """The identities one ingestion sees: existing rows, and new ones to create in its
    transaction. Pseudonyms are the first hex digits of the HMAC, lengthened on a clash."""

    provider_id: int
    source: LogSource
    by_hash: dict[str, Identity] = field(default_factory=dict)
    new: dict[str, Identity] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def resolve(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Adds ``pseudonym``, ``is_guest`` and ``identity_hash`` to a parsed frame."""
        pairs = frame.select("user", "client_ip").unique()
        rows = []
        for user, client_ip in pairs.iter_rows():
            normal = normalise_identity(user, client_ip, self.source.identity_mapping or {})
            rows.append((user, client_ip, normal))
        normals = sorted({r[2] for r in rows})
        hashes = {n: identity_hash(n, self.provider_id) for n in normals}
        self._load(list(hashes.values()))
        for normal in normals:
            self._ensure(normal, hashes[normal])
        table = pl.DataFrame(
            [
                (u, c, self.by_hash[hashes[n]].pseudonym,
                 self.by_hash[hashes[n]].is_guest or self._is_guest(n), hashes[n])
                for u, c, n in rows
            ],
            schema={"user": pl.String, "client_ip": pl.String, "pseudonym": pl.String,
                    "is_guest": pl.Boolean, "identity_hash": pl.String},
            orient="row",
        )  # fmt: skip
        return frame.join(table, on=["user", "client_ip"], how="left", nulls_equal=True)

    def _load(self, hashes: list[str]) -> None:
        missing = [h for h in hashes if h not in self.by_hash]
        for start in range(0, len(missing), 900):
            batch = missing[start : start + 900]
            found = Identity.objects.for_provider(self.provider_id).filter(identity_hash__in=batch)
            for identity in found.defer("username"):
                self.by_hash[identity.identity_hash] = identity
        if not self.taken:
            self.taken = set(
                Identity.objects.for_provider(self.provider_id).values_list("pseudonym", flat=True)
            )

    def _ensure(self, normal: str, hashed: str) -> None:
        if hashed in self.by_hash:
            return
        length = 6
        while f"{PREFIX}{hashed[:length].upper()}" in self.taken:
            length += 2
        pseudonym = f"{PREFIX}{hashed[:length].upper()}"
        self.taken.add(pseudonym)
        identity = Identity(
            id=uuid.uuid4(),
            provider_id=self.provider_id,
            identity_hash=hashed,
            pseudonym=pseudonym,
            username=normal,
            is_guest=self._is_guest(normal),
        )
        self.by_hash[hashed] = identity
        self.new[hashed] = identity

    def _is_guest(self, normal: str) -> bool:
        return any(fnmatch.fnmatch(normal, p.lower()) for p in self.source.guest_patterns or [])

    def save_new(self) -> int:
        """Create the new identities (inside the ingestion's transaction)."""
        Identity.unscoped.bulk_create(self.new.values(), batch_size=500, ignore_conflicts=True)
        return len(self.new)
