"""The audit trail as CSV: one line per event, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from preventhub.audit.filters import LONDON
from preventhub.audit.models import AuditEvent

HEADER = [
    "seq", "time (Europe/London)", "actor", "actor id", "ip", "action", "object type",
    "object id", "changed fields", "detail", "prev hash", "hash",
]  # fmt: skip
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def event_cells(event: AuditEvent) -> list[str]:
    cells: list[Any] = [
        event.seq,
        timezone.localtime(event.at, LONDON).isoformat(timespec="seconds"),
        event.actor_label,
        event.actor_id,
        event.ip,
        event.action,
        event.object_type,
        event.object_id,
        ";".join(event.changed_fields),
        json.dumps(event.detail, sort_keys=True),
        event.prev_hash,
        event.hash,
    ]
    return [safe_cell(c) for c in cells]


def csv_lines(events: QuerySet[AuditEvent] | Iterable[AuditEvent]) -> Iterator[str]:
    """Lines of CSV, read from the database in chunks so a long trail never sits in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    rows = events.iterator(chunk_size=2000) if isinstance(events, QuerySet) else events
    for event in rows:
        yield writer.writerow(event_cells(event))
