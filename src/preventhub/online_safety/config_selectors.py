"""Reads for monitoring configuration, and the "test this mapping" preview.

Log sources are for the configurers (IT manager, admin): anyone else — or another provider's
user — is told a source does not exist. The preview runs the ingestion's own parser on lines
the IT manager pastes, writes nothing, and shows what each line was read as or why it was
rejected.
"""

from __future__ import annotations

import fnmatch
import uuid
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from preventhub.core.models import Provider
from preventhub.online_safety.identities import normalise_identity
from preventhub.online_safety.models import LogSource
from preventhub.online_safety.parsers import REASONS, LogParser, MappingError, UnreadableLogError

MAX_SAMPLE_LINES = 50
MAX_SAMPLE_BYTES = 64 * 1024


def sources_for_user(user: Any, provider: Provider) -> QuerySet[LogSource]:
    sources: QuerySet[LogSource] = LogSource.objects.for_provider(provider)
    if not user.has_perm("online_safety.configure_monitoring", provider):
        return sources.none()
    return sources.select_related("site").order_by("-is_active", "name")


def get_source_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> LogSource:
    try:
        found: LogSource = sources_for_user(user, provider).get(pk=pk)
    except (LogSource.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such log source.") from exc
    return found


@dataclass
class PreviewRow:
    number: int
    line: str
    time: Any = None
    identity: str = ""
    is_guest: bool = False
    client_ip: str = ""
    action: str = ""
    host: str = ""
    url: str = ""
    vendor_category: str = ""
    reason: str = ""


@dataclass
class Preview:
    rows: list[PreviewRow] = field(default_factory=list)
    error: str = ""

    @property
    def read(self) -> int:
        return sum(1 for row in self.rows if not row.reason)

    @property
    def rejected(self) -> int:
        return sum(1 for row in self.rows if row.reason)


def preview_sample(
    *,
    fmt: str,
    time_zone: str,
    sample: str,
    csv_mapping: dict[str, Any] | None = None,
    identity_mapping: dict[str, Any] | None = None,
    guest_patterns: list[str] | None = None,
) -> Preview:
    """What the ingestion reads from ``sample`` (at most 50 lines): each line's time (in the
    source's zone, shown in UTC), identity, action and host, or the reason it is rejected."""
    if len(sample.encode()) > MAX_SAMPLE_BYTES:
        return Preview(error=f"Paste at most {MAX_SAMPLE_BYTES // 1024} KB of sample lines.")
    lines = [line for line in sample.splitlines() if line.strip()][: MAX_SAMPLE_LINES + 1]
    if not lines:
        return Preview(error="Paste a few lines from the log to test.")
    try:
        parser = LogParser(fmt, time_zone, csv_mapping or {})
        chunk = parser.parse(pl.Series("line", lines, dtype=pl.String))
    except (MappingError, UnreadableLogError, ValueError) as exc:
        return Preview(error=str(exc))
    shown = lines[1:] if fmt == "csv" and (csv_mapping or {}).get("has_header", True) else lines
    good = {row["line"]: row for row in chunk.good.iter_rows(named=True)}
    rejected = dict(chunk.rejected.select("line", "reason").iter_rows())
    patterns = [p.lower() for p in guest_patterns or []]
    rows = []
    for number, line in enumerate(shown, start=1):
        if line in good:
            rows.append(_row(number, line, good[line], identity_mapping or {}, patterns))
        else:
            reason = str(rejected.get(line) or "too_few_fields")
            rows.append(PreviewRow(number, line[:300], reason=REASONS.get(reason, reason)))
    return Preview(rows=rows)


def _row(
    number: int, line: str, parsed: dict[str, Any], mapping: dict[str, Any], patterns: list[str]
) -> PreviewRow:
    identity = normalise_identity(parsed.get("user"), parsed.get("client_ip"), mapping)
    return PreviewRow(
        number=number,
        line=line[:300],
        time=parsed.get("ts"),
        identity=identity,
        is_guest=any(fnmatch.fnmatch(identity, p) for p in patterns),
        client_ip=parsed.get("client_ip") or "",
        action=parsed.get("action") or "",
        host=parsed.get("host") or "",
        url=(parsed.get("url") or "")[:200],
        vendor_category=parsed.get("vendor_label") or parsed.get("vendor_category") or "",
    )
