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
from functools import cache
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection
from django.utils import timezone

from preventhub.core.encryption import encrypt
from preventhub.online_safety.models import Identity, LogSource

PREFIX = "U-"


def pseudonym_key() -> bytes:
    return _key(str(getattr(settings, "WEBLOG_PSEUDONYM_KEY", "")), settings.SECRET_KEY)


@cache
def _key(configured: str, secret: str) -> bytes:
    if configured:
        return configured.encode()
    # Derived, so that a deployment works out of the box; set WEBLOG_PSEUDONYM_KEY to keep
    # pseudonyms stable across a SECRET_KEY rotation.
    return hashlib.sha256(b"preventhub-weblog-pseudonyms:" + secret.encode()).digest()


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


def identity_hash(normal: str, provider_id: int, key: bytes | None = None) -> str:
    message = f"{provider_id}:{normal}".encode()
    return hmac.new(key or pseudonym_key(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Known:
    """What the pipeline needs of an identity (model instances cost too much at 20,000)."""

    pk: Any
    pseudonym: str
    is_guest: bool


@dataclass
class IdentityBook:
    """The identities one ingestion sees: existing rows, and new ones to create in its
    transaction. Pseudonyms are the first hex digits of the HMAC, lengthened on a clash."""

    provider_id: int
    source: LogSource
    by_hash: dict[str, Known] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)  # HMAC → normalised name
    taken: set[str] = field(default_factory=set)
    hash_of: dict[str, str] = field(default_factory=dict)  # normalised name → HMAC
    table: pl.DataFrame | None = None  # log name → pseudonym, is_guest, identity_hash

    def resolve(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Adds ``pseudonym``, ``is_guest`` and ``identity_hash`` to a parsed frame (and drops
        the user name: nothing after this step sees it). The table of log names already seen
        is kept across chunks, so each chunk only looks up the names new to this file."""
        user = pl.col("user")
        who = pl.when(user.is_null() | user.is_in(["-", ""])).then(pl.col("client_ip"))
        frame = frame.with_columns(who.otherwise(user).fill_null("unknown").alias("_who"))
        seen = frame.select(pl.col("_who").unique())
        if self.table is not None:
            seen = seen.join(self.table, on="_who", how="anti")
        if not seen.is_empty():
            fresh = self._rows(seen.get_column("_who").to_list())
            self.table = fresh if self.table is None else pl.concat([self.table, fresh])
        assert self.table is not None  # noqa: S101  (set above whenever the frame has rows)
        return frame.join(self.table, on="_who", how="left").drop("_who", "user")

    def _rows(self, raw: list[str]) -> pl.DataFrame:
        mapping = self.source.identity_mapping or {}
        normal = {w: normalise_identity(w, None, mapping) for w in raw}
        key = pseudonym_key()
        hashes = {n: self.hash_of.get(n) or identity_hash(n, self.provider_id, key)
                  for n in set(normal.values())}  # fmt: skip
        self.hash_of.update(hashes)
        self._load(list(hashes.values()))
        for name, hashed in sorted(hashes.items()):
            self._ensure(name, hashed)
        rows = []
        for w, n in normal.items():
            identity = self.by_hash[hashes[n]]
            rows.append((w, identity.pseudonym, identity.is_guest or self._is_guest(n), hashes[n]))
        return pl.DataFrame(
            rows,
            schema={"_who": pl.String, "pseudonym": pl.String, "is_guest": pl.Boolean,
                    "identity_hash": pl.String},
            orient="row",
        )  # fmt: skip

    def _load(self, hashes: list[str]) -> None:
        missing = [h for h in hashes if h not in self.by_hash]
        scoped = Identity.objects.for_provider(self.provider_id)
        for start in range(0, len(missing), 900):
            found = scoped.filter(identity_hash__in=missing[start : start + 900])
            for hashed, pk, pseudonym, guest in found.values_list(
                "identity_hash", "id", "pseudonym", "is_guest"
            ):
                self.by_hash[hashed] = Known(pk, pseudonym, guest)
        if not self.taken:
            self.taken = set(scoped.values_list("pseudonym", flat=True))

    def _ensure(self, normal: str, hashed: str) -> None:
        if hashed in self.by_hash:
            return
        length = 6
        while f"{PREFIX}{hashed[:length].upper()}" in self.taken:
            length += 2
        pseudonym = f"{PREFIX}{hashed[:length].upper()}"
        self.taken.add(pseudonym)
        self.by_hash[hashed] = Known(uuid.uuid4(), pseudonym, self._is_guest(normal))
        self.new[hashed] = normal

    def _is_guest(self, normal: str) -> bool:
        return any(fnmatch.fnmatch(normal, p.lower()) for p in self.source.guest_patterns or [])

    def save_new(self) -> int:
        """Create the new identities (inside the ingestion's transaction). A first day brings
        ~20,000: they are written with one prepared statement, not model by model."""
        if not self.new:
            return 0
        meta = Identity._meta
        now = timezone.now()
        columns = ["id", "provider_id", "created_at", "updated_at", "identity_hash", "pseudonym",
                   "username", "is_guest"]  # fmt: skip
        fields: dict[str, Any] = {c: meta.get_field(c.removesuffix("_id")) for c in columns}
        stamp = fields["created_at"].get_db_prep_save(now, connection)
        rows = []
        for hashed, normal in self.new.items():
            known = self.by_hash[hashed]
            pk = fields["id"].get_db_prep_save(known.pk, connection)
            secret = encrypt(normal)
            rows.append((pk, self.provider_id, stamp, stamp, hashed, known.pseudonym, secret,
                         known.is_guest))  # fmt: skip
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {meta.db_table} ({quoted}) VALUES ({marks})"  # noqa: S608  (names from the model)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[start : start + 5000])
        return len(self.new)
