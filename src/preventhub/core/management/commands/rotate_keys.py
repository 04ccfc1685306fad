"""Re-encrypt every encrypted field under the newest key, so an old key can be retired.

Procedure: put a new key (``preventhub generate_field_key``) FIRST in FIELD_ENCRYPTION_KEYS,
keep the old keys after it, deploy, run ``preventhub rotate_keys``; when it reports nothing
left to rotate, remove the old keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from preventhub.audit.services import audit_record
from preventhub.core.encryption import encrypted_fields, is_under_newest_key, newest_fernet, rotate

_STORED = "_stored_ciphertext"


@dataclass
class FieldCount:
    """What one encrypted column held, and what the run did to it."""

    label: str
    values: int = 0
    stale: int = 0
    rotated: int = 0

    def as_detail(self) -> dict[str, int]:
        return {"values": self.values, "not_newest": self.stale, "rotated": self.rotated}


def manager_for(model: type[models.Model]) -> models.Manager[Any]:
    """The manager that sees every row: scoped models refuse unscoped queries on ``objects``."""
    unscoped = getattr(model, "unscoped", None)
    return unscoped if isinstance(unscoped, models.Manager) else model._default_manager


def stored_batch(
    manager: models.Manager[Any], field: str, after: Any, size: int
) -> list[tuple[Any, str | None]]:
    """(pk, raw stored text) for the next ``size`` rows, locked until the batch commits.

    The Cast to a plain TextField reads the column as stored, skipping decryption.
    """
    rows = manager.filter(pk__gt=after) if after is not None else manager.all()
    rows = rows.select_for_update().annotate(**{_STORED: Cast(field, models.TextField())})
    return list(rows.order_by("pk").values_list("pk", _STORED)[:size])


def write_stored(manager: models.Manager[Any], field: str, pk: Any, stored: str) -> None:
    """Store an already-encrypted value as it is (a Value with a plain TextField skips encrypt)."""
    manager.filter(pk=pk).update(**{field: models.Value(stored, output_field=models.TextField())})


def rotate_field(
    model: type[models.Model], field: str, count: FieldCount, *, batch_size: int, dry_run: bool
) -> None:
    """Walk one encrypted column in pk order, one transaction per batch, counting into ``count``.

    Committed batches stay rotated if a later one fails: old keys still decrypt them.
    """
    manager, after = manager_for(model), None
    while True:
        with transaction.atomic():
            batch = stored_batch(manager, field, after, batch_size)
            for pk, stored in batch:
                rotate_one(manager, field, pk, stored, count, dry_run=dry_run)
        if len(batch) < batch_size:
            return
        after = batch[-1][0]


def rotate_one(
    manager: models.Manager[Any],
    field: str,
    pk: Any,
    stored: str | None,
    count: FieldCount,
    *,
    dry_run: bool,
) -> None:
    if not stored:
        return
    count.values += 1
    if is_under_newest_key(stored):
        return
    count.stale += 1
    if dry_run:
        return
    try:
        write_stored(manager, field, pk, rotate(stored))
    except ImproperlyConfigured as exc:
        raise CommandError(f"{count.label} of row {pk}: {exc}") from exc
    count.rotated += 1


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the values that are not under the newest key; change nothing.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run, batch_size = options["dry_run"], max(1, options["batch_size"])
        try:
            newest_fernet()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        counts: list[FieldCount] = []
        try:
            for model, field in encrypted_fields():
                counts.append(FieldCount(label=f"{model._meta.label}.{field}"))
                rotate_field(model, field, counts[-1], batch_size=batch_size, dry_run=dry_run)
        except CommandError:
            if not dry_run:
                self.record(counts, completed=False)
            raise
        for count in counts:
            self.stdout.write(self.describe(count, dry_run))
        if not dry_run:
            self.record(counts, completed=True)
        self.stdout.write(self.style.SUCCESS(self.summary(counts, dry_run)))

    def describe(self, count: FieldCount, dry_run: bool) -> str:
        done = "" if dry_run else f", {count.rotated} re-encrypted"
        return f"{count.label}: {count.values} values, {count.stale} not under the newest key{done}"

    def summary(self, counts: list[FieldCount], dry_run: bool) -> str:
        stale = sum(c.stale for c in counts)
        if dry_run:
            return f"Dry run: {stale} values would be re-encrypted; nothing was changed."
        return f"{sum(c.rotated for c in counts)} values re-encrypted under the newest key."

    def record(self, counts: list[FieldCount], *, completed: bool) -> None:
        """One audit row per run, with counts only: key rotation is a security event."""
        audit_record(
            actor=None,
            action="rotate_keys",
            object_type="core.encryption",
            detail={"completed": completed, "fields": {c.label: c.as_detail() for c in counts}},
        )
