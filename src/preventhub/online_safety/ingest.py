"""The ingestion pipeline: one file (or one batch of syslog messages) from a log source, in
bounded-memory chunks, to staged Parquet parts, flagged events, alerts and daily counts.

Order of work, chosen so that a run killed at any point leaves nothing half-written and a
re-run completes it:

1. Read, parse, pseudonymise and classify each chunk; stage its rows as hidden Parquet parts
   (invisible to readers) and keep the flagged rows.
2. Knowing the file's sha256 at the end: the same file already ingested is reported and changes
   nothing; a file whose earlier run committed but did not publish is completed.
3. ONE transaction: the Ingestion row, new identities, alerts (grouped) and flagged events
   (lines already stored are skipped, by line key), and the audit row; notifications on commit.
4. Publish the staged parts (atomic renames), recompute the daily counts of the days touched,
   and mark the ingestion finished.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.online_safety import daily_counts, store
from preventhub.online_safety.alert_grouping import group
from preventhub.online_safety.alert_notifications import notify_new_alerts
from preventhub.online_safety.classify import classify, host_annotator
from preventhub.online_safety.compiled_lists import CompiledLists, compiled_lists
from preventhub.online_safety.identities import IdentityBook
from preventhub.online_safety.line_keys import with_line_keys
from preventhub.online_safety.models import (
    Alert,
    FlaggedEvent,
    Ingestion,
    LogSource,
    OnlineSafetySettings,
)
from preventhub.online_safety.parsers import LogParser, MappingError, UnreadableLogError
from preventhub.online_safety.parsers.hosts import HostCache
from preventhub.online_safety.parsers.lines import (
    CHUNK_BYTES,
    ChunkReader,
    Readable,
    lines_column,
)

# Chunks parsed ahead of the main thread, which resolves identities and stages the parts
# meanwhile; polars spreads each chunk's work over the cores itself (two workers measured no
# faster on two cores, and held more memory).
WORKERS = 1
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAMPLES_PER_REASON = 5
SAMPLE_CHARS = 300
EVENT_BATCH = 2000


class IngestError(ValueError):
    """The file cannot be ingested as a whole; nothing was written. The message says why."""


@dataclass
class IngestResult:
    ingestion: Ingestion
    already_ingested: bool = False
    resumed: bool = False
    new_alerts: int = 0
    days: list[date] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        i = self.ingestion
        return {
            "id": str(i.pk),
            "lines": i.lines,
            "parsed": i.parsed,
            "rejected": i.rejected,
            "flagged": i.flagged,
            "alerts": 0 if self.already_ingested else self.new_alerts,
            "already_ingested": self.already_ingested,
            "rejects_by_reason": i.rejects_by_reason,
        }


@dataclass
class _Run:
    """What one pass over a file has gathered."""

    source: LogSource
    lists: CompiledLists
    book: IdentityBook
    token: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    lines: int = 0
    parsed: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=dict)
    flagged: list[pl.DataFrame] = field(default_factory=list)
    first_at: datetime | None = None
    last_at: datetime | None = None
    chunks: int = 0
    recount: bool = True  # the live listener recounts days every minute instead
    days: list[date] = field(default_factory=list)
    writer: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1))
    writes: list[Future[Path]] = field(default_factory=list)


# Seconds spent in each stage of the last ingestions in this process (the benchmark prints it).
TIMINGS: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[name] = TIMINGS.get(name, 0.0) + time.perf_counter() - started


def checkpoint(name: str) -> None:
    """A named point between the steps; tests replace it to simulate a crash there."""


def ingest_path(
    *, actor: Any, source: LogSource, path: Path, via: str, log_format: str | None = None
) -> IngestResult:
    with path.open("rb") as stream:
        return ingest_stream(
            actor=actor, source=source, stream=stream, file_name=path.name, via=via,
            log_format=log_format,
        )  # fmt: skip


def ingest_stream(
    *,
    actor: Any,
    source: LogSource,
    stream: Readable,
    file_name: str,
    via: str,
    log_format: str | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    recount: bool = True,
) -> IngestResult:
    """Ingest one file. Raises ``IngestError`` (nothing written) for a file that cannot be
    ingested: empty, binary, damaged gzip, wrong format, a CSV mapping that does not fit."""
    if not source.is_active:
        raise IngestError(f"The log source {source.name} is switched off; switch it on first.")
    try:
        parser = LogParser(log_format or source.format, source.time_zone, source.csv_mapping)
    except (MappingError, UnreadableLogError) as exc:
        raise IngestError(str(exc)) from exc
    run = _Run(source, compiled_lists(source.provider_id), IdentityBook(source.provider_id, source))
    run.recount = recount
    reader = ChunkReader(stream, chunk_bytes)
    _discard_stale_staging(source.provider_id)
    try:
        for prepared in _prepared_chunks(run, parser, reader):
            _ingest_chunk(run, prepared)
        _wait_for_writes(run)
        _refuse_unusable(run, parser.format)
        sha256 = reader.hexdigest()
        return _commit(run, actor=actor, via=via, file_name=file_name, sha256=sha256)
    except (MappingError, UnreadableLogError) as exc:
        _wait_quietly(run)
        store.discard_staged(source.provider_id, run.token)
        raise IngestError(str(exc)) from exc
    except BaseException:
        _wait_quietly(run)
        store.discard_staged(source.provider_id, run.token)
        raise
    finally:
        run.writer.shutdown(wait=True)


def _wait_quietly(run: _Run) -> None:
    for write in run.writes:
        write.exception()


class _Hosts(HostCache):
    """The file's host table, classified against the provider's lists as hosts appear."""

    def __init__(self, lists: CompiledLists) -> None:
        super().__init__(host_annotator(lists))
        self.lists = lists


@dataclass
class _Prepared:
    """One chunk parsed and classified (on a worker thread: polars releases the GIL)."""

    lines: int
    rejected: pl.DataFrame
    frame: pl.DataFrame | None


def _prepare_chunk(parser: LogParser, hosts: _Hosts, chunk: bytes) -> _Prepared:
    with stage("split lines"):
        column = lines_column(chunk)
        has_control = CONTROL_BYTES.search(chunk) is not None
    with stage("parse"):
        parsed = parser.parse(column, has_control, hosts)
    if parsed.good.is_empty():
        return _Prepared(parsed.lines, parsed.rejected, None)
    with stage("line keys"):
        frame = with_line_keys(parsed.good)
    with stage("classify"):
        frame = classify(frame.drop("line"), hosts.lists)
    return _Prepared(parsed.lines, parsed.rejected, frame)


def _prepared_chunks(run: _Run, parser: LogParser, reader: ChunkReader) -> Iterator[_Prepared]:
    """Chunks prepared two at a time, in order (one at a time for CSV, whose header the first
    chunk carries and whose rows Python splits anyway)."""
    workers = 1 if parser.format == "csv" else WORKERS
    hosts = _Hosts(run.lists)
    with ThreadPoolExecutor(workers, thread_name_prefix="ingest") as pool:
        pending: deque[Future[_Prepared]] = deque()
        for chunk in reader.chunks():
            pending.append(pool.submit(_prepare_chunk, parser, hosts, chunk))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _ingest_chunk(run: _Run, prepared: _Prepared) -> None:
    run.lines += prepared.lines
    run.parsed += prepared.lines - prepared.rejected.height
    _count_rejects(run, prepared.rejected)
    if prepared.frame is None:
        return
    with stage("identities"):
        frame = run.book.resolve(prepared.frame)
    frame = frame.with_columns(
        pl.lit(str(run.source.pk)).alias("source_id"),
        pl.col("ts").dt.convert_time_zone(settings.TIME_ZONE).dt.date().alias("day"),
    )
    with stage("stage parquet"):
        _stage(run, frame)
    flagged = frame.filter(pl.col("flag_kind").is_not_null())
    if not flagged.is_empty():
        # Copied out: a filtered frame would keep the whole chunk's string buffers alive.
        run.flagged.append(pl.from_dicts(flagged.to_dicts(), schema=flagged.schema))
    first, last = frame.select(pl.col("ts").min().alias("a"), pl.col("ts").max().alias("b")).row(0)
    run.first_at = first if run.first_at is None else min(run.first_at, first)
    run.last_at = last if run.last_at is None else max(run.last_at, last)


def _count_rejects(run: _Run, rejected: pl.DataFrame) -> None:
    if rejected.is_empty():
        return
    for reason, count in rejected.group_by("reason").len().iter_rows():
        run.rejects[reason] = run.rejects.get(reason, 0) + int(count)
        samples = run.samples.setdefault(reason, [])
        if len(samples) < SAMPLES_PER_REASON:
            lines = rejected.filter(pl.col("reason") == reason).head(SAMPLES_PER_REASON)
            for line in lines.get_column("line").to_list():
                if len(samples) < SAMPLES_PER_REASON:
                    samples.append(_sample(line))


def _sample(line: str | None) -> str:
    if line is None:
        return ""
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in line[:SAMPLE_CHARS])
    return text + ("…" if len(line) > SAMPLE_CHARS else "")


def _stage(run: _Run, frame: pl.DataFrame) -> None:
    """Write the chunk's rows, one part per day, on the writer thread: the next chunk is
    parsed while this one is encoded (polars releases the GIL), which uses the second core."""
    name = f"{run.token}-{run.chunks:05d}"
    run.chunks += 1
    days = frame.get_column("day").unique()
    parts = [(days[0], frame)] if days.len() == 1 else [
        (day, part) for (day,), part in frame.partition_by("day", as_dict=True).items()
    ]  # fmt: skip
    for day, part in parts:
        while len(run.writes) >= 2:  # at most two parts waiting in memory
            run.writes.pop(0).result()
        run.writes.append(
            run.writer.submit(store.stage_part, run.source.provider_id, day, name, part)
        )


def _wait_for_writes(run: _Run) -> None:
    with stage("stage parquet (waiting)"):
        for write in run.writes:
            write.result()
    run.writes = []


def _refuse_unusable(run: _Run, log_format: str) -> None:
    if run.lines == 0:
        raise IngestError("The file is empty: there are no log lines to ingest.")
    if run.parsed == 0:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(run.rejects.items()))
        raise IngestError(
            f"None of the {run.lines} lines could be read as {log_format} ({reasons}). "
            "Check the format chosen for this file; nothing was ingested."
        )


def _discard_stale_staging(provider_id: int) -> None:
    """Staged parts of runs killed before they committed (older than a day) are garbage."""
    cutoff = timezone.now().timestamp() - 86_400
    for path in store.staged_parts(provider_id, ""):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _commit(run: _Run, *, actor: Any, via: str, file_name: str, sha256: str) -> IngestResult:
    provider_id = run.source.provider_id
    existing = (
        Ingestion.objects.for_provider(provider_id).filter(source=run.source, sha256=sha256).first()
    )
    if existing is not None:
        if existing.finished_at is not None:
            store.discard_staged(provider_id, run.token)
            return IngestResult(existing, already_ingested=True)
        _publish(run, existing)
        return IngestResult(existing, resumed=True, days=run.days)
    checkpoint("staged")
    with stage("database"), transaction.atomic():
        ingestion, created = _save(run, actor=actor, via=via, file_name=file_name, sha256=sha256)
        notify_new_alerts(provider_id, created)
    checkpoint("committed")
    _publish(run, ingestion)
    return IngestResult(ingestion, new_alerts=len(created), days=run.days)


def _save(
    run: _Run, *, actor: Any, via: str, file_name: str, sha256: str
) -> tuple[Ingestion, list[Any]]:
    provider_id = run.source.provider_id
    flagged = pl.concat(run.flagged) if run.flagged else None
    ingestion = Ingestion.unscoped.create(
        provider_id=provider_id,
        source=run.source,
        via=via,
        file_name=file_name[:255],
        sha256=sha256,
        lines=run.lines,
        parsed=run.parsed,
        rejected=run.lines - run.parsed,
        flagged=0 if flagged is None else flagged.height,
        rejects_by_reason=run.rejects,
        reject_samples=run.samples,
        first_at=run.first_at,
        last_at=run.last_at,
        started_at=timezone.now(),
        ingested_by=actor if getattr(actor, "pk", None) else None,
    )
    run.book.save_new()
    created: list[Any] = []
    if flagged is not None:
        created = _save_events(run, ingestion, flagged)
    ingestion.alerts = len(created)
    ingestion.save(update_fields=["alerts"])
    audit_record(
        actor=actor if getattr(actor, "pk", None) else None,
        action="create",
        obj=ingestion,
        changed_fields=["lines", "parsed", "rejected", "flagged", "alerts"],
        detail={"source": run.source.name, "lines": run.lines, "flagged": ingestion.flagged,
                "alerts": len(created), "via": via},
    )  # fmt: skip
    return ingestion, created


def _save_events(run: _Run, ingestion: Ingestion, flagged: pl.DataFrame) -> list[Any]:
    """Alerts first (so each event can point at its alert), then the events not yet stored."""
    flagged = flagged.unique(subset="line_key", keep="first")
    known = _known_line_keys(run.source, flagged.get_column("line_key").to_list())
    new = flagged.filter(~pl.col("line_key").is_in(list(known)))
    if new.is_empty():
        return []
    settings_row = OnlineSafetySettings.objects.filter(provider_id=run.source.provider_id).first()
    ids = {h: i.pk for h, i in run.book.by_hash.items()}
    grouping = group(
        provider_id=run.source.provider_id,
        events=new,
        identity_ids=ids,
        threshold=settings_row.alert_threshold if settings_row else "high",
        window_minutes=settings_row.group_window_minutes if settings_row else 60,
    )
    Alert.unscoped.bulk_create(grouping.created, batch_size=500)
    for alert in grouping.updated:
        alert.save(update_fields=["severity", "is_filter_failure", "is_bypass", "first_seen",
                                  "last_seen", "hit_count", "updated_at"])  # fmt: skip
    events = (_event(run, ingestion, row, ids, grouping.alert_of_line) for row in
              new.iter_rows(named=True))  # fmt: skip
    _bulk_create(events)
    return grouping.created


def _known_line_keys(source: LogSource, keys: list[int]) -> set[int]:
    known: set[int] = set()
    for start in range(0, len(keys), 900):
        batch = [str(k) for k in keys[start : start + 900]]
        found = FlaggedEvent.objects.filter(source=source, line_key__in=batch)
        known |= {int(k) for k in found.values_list("line_key", flat=True)}
    return known


def _event(
    run: _Run, ingestion: Ingestion, row: dict[str, Any], ids: dict[str, Any],
    alerts: dict[int, Any],
) -> FlaggedEvent:  # fmt: skip
    return FlaggedEvent(
        provider_id=run.source.provider_id,
        source_id=run.source.pk,
        ingestion=ingestion,
        line_key=str(row["line_key"]),
        occurred_at=row["ts"],
        identity_id=ids[row["identity_hash"]],
        client_ip=_ip_or_none(row["client_ip"]),
        action=row["action"],
        host=row["host"][:253],
        url=row["url"],
        kind=row["flag_kind"],
        theme=str(row["theme"])[:60],
        severity=row["severity"],
        matched=str(row["matched"] or "")[:253],
        search_terms=row["search_terms"] or "",
        alert_id=alerts.get(row["line_key"]),
    )


def _ip_or_none(value: str | None) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _bulk_create(events: Iterator[FlaggedEvent]) -> None:
    batch: list[FlaggedEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) >= EVENT_BATCH:
            FlaggedEvent.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        FlaggedEvent.objects.bulk_create(batch, ignore_conflicts=True)


def _publish(run: _Run, ingestion: Ingestion) -> None:
    """Staged parts to their final names (derived from the file's hash, so a re-run rewrites
    the same parts), then the day counts, then the ingestion is marked finished."""
    provider_id = run.source.provider_id
    staged = store.staged_parts(provider_id, run.token)
    renamed = []
    for path in staged:
        final = path.with_name(path.name.replace(run.token, ingestion.sha256[:16], 1))
        path.replace(final)
        renamed.append(final)
    run.days = store.publish_parts(renamed)
    checkpoint("published")
    if run.recount:
        with stage("daily counts"):
            daily_counts.recompute(provider_id, run.days)
    ingestion.finished_at = timezone.now()
    ingestion.save(update_fields=["finished_at", "updated_at"])


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


Checkpoint = Callable[[str], None]
