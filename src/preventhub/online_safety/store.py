"""The columnar store of raw normalised web-filter logs, outside the main database.

Layout: ``<WEBLOG_STORE_DIR>/provider=<id>/day=<YYYY-MM-DD>/<part>.parquet``, one part per
ingestion and day. Parts are written to a temporary name and renamed into place, so a reader
(or an ingestion killed half way) never sees half a file; a part's name is derived from the
ingestion's content hash, so re-running an ingestion rewrites the same part rather than adding
a second copy. Drill-downs scan the parts lazily with polars.

Columns (``STORE_SCHEMA``): line_key (a stable 64-bit hash of the raw line and its
occurrence), ts (UTC), source_id, pseudonym, is_guest, client_ip, action ("allowed"/"blocked"),
status, bytes, method, host, url, category (the provider's category key, or null),
vendor_category (the filter's own category, or null), and for flagged lines flag_kind
(``HitKind``), theme and severity (null when the line was not flagged).

An ingestion stages its parts (``stage_part``: hidden names ``.<part>.staged``) and publishes
them (``publish_parts``) only after its database transaction commits, so a reader never counts
lines whose ingestion did not finish. The same line may sit in two parts for a while
(overlapping files, compaction): readers that count use ``unique_lines``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from django.conf import settings

STORE_SCHEMA: dict[str, pl.DataType] = {
    "line_key": pl.UInt64(),
    "ts": pl.Datetime("us", "UTC"),
    "source_id": pl.String(),
    "pseudonym": pl.String(),
    "is_guest": pl.Boolean(),
    "client_ip": pl.String(),
    "action": pl.String(),
    "status": pl.Int32(),
    "bytes": pl.Int64(),
    "method": pl.String(),
    "host": pl.String(),
    "url": pl.String(),
    "category": pl.String(),
    "vendor_category": pl.String(),
    "flag_kind": pl.String(),
    "theme": pl.String(),
    "severity": pl.String(),
}
STAGED_SUFFIX = ".staged"
SMALL_PART = 64 * 1024 * 1024


def store_root() -> Path:
    return Path(settings.WEBLOG_STORE_DIR)


def day_dir(provider_id: int, day: date) -> Path:
    return store_root() / f"provider={provider_id}" / f"day={day.isoformat()}"


def write_part(provider_id: int, day: date, part: str, frame: pl.DataFrame) -> Path:
    """Write one part atomically (temporary file, then rename) and return its path."""
    directory = day_dir(provider_id, day)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{part}.parquet"
    temporary = directory / f".{part}.parquet.tmp"
    conform(frame).write_parquet(temporary, compression="zstd")
    os.replace(temporary, target)
    return target


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """The store's columns in order and type; a column the frame lacks is null."""
    return frame.select(
        (pl.col(name) if name in frame.columns else pl.lit(None))
        .cast(dtype, strict=False)
        .alias(name)
        for name, dtype in STORE_SCHEMA.items()
    )


def days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def part_files(provider_id: int, start: date, end: date) -> list[Path]:
    return [
        path
        for day in days(start, end)
        for path in sorted(day_dir(provider_id, day).glob("*.parquet"))
    ]


def scan(provider_id: int, start: date, end: date) -> pl.LazyFrame:
    """The provider's normalised lines from ``start`` to ``end`` (inclusive days), as a lazy
    frame; empty (with the store's columns) when nothing was ingested for those days."""
    files = part_files(provider_id, start, end)
    if not files:
        return pl.LazyFrame(schema=STORE_SCHEMA)
    return pl.scan_parquet(files)


def stored_days(provider_id: int) -> list[date]:
    root = store_root() / f"provider={provider_id}"
    if not root.is_dir():
        return []
    return sorted(date.fromisoformat(p.name.removeprefix("day=")) for p in root.glob("day=*"))


def delete_day(provider_id: int, day: date) -> None:
    shutil.rmtree(day_dir(provider_id, day), ignore_errors=True)


def stage_part(provider_id: int, day: date, part: str, frame: pl.DataFrame) -> Path:
    """Write a part under a hidden name that ``scan`` ignores until ``publish_parts``."""
    directory = day_dir(provider_id, day)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f".{part}{STAGED_SUFFIX}"
    temporary = directory / f".{part}.staging.tmp"
    conform(frame).write_parquet(temporary, compression="zstd")
    os.replace(temporary, target)
    return target


def staged_parts(provider_id: int, prefix: str) -> list[Path]:
    """The staged parts whose names start with ``prefix`` (one ingestion's), on any day."""
    root = store_root() / f"provider={provider_id}"
    if not root.is_dir():
        return []
    return sorted(root.glob(f"day=*/.{prefix}*{STAGED_SUFFIX}"))


def publish_parts(paths: list[Path]) -> list[date]:
    """Rename staged parts into place (each rename is atomic); returns the days touched."""
    touched = set()
    for path in paths:
        final = path.with_name(path.name[1:].removesuffix(STAGED_SUFFIX) + ".parquet")
        os.replace(path, final)
        touched.add(date.fromisoformat(path.parent.name.removeprefix("day=")))
    return sorted(touched)


def discard_staged(provider_id: int, prefix: str) -> None:
    for path in staged_parts(provider_id, prefix):
        path.unlink(missing_ok=True)


def unique_lines(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Each line once, however many parts hold it."""
    return frame.unique(subset=["source_id", "line_key"], keep="any")


def compact_day(provider_id: int, day: date, min_parts: int = 24) -> bool:
    """Merge a day's small parts (a live syslog feed writes one per batch) into one, without
    duplicates; parts past ``SMALL_PART`` bytes are left alone, so each line is rewritten only
    a few times however long the feed runs. The merged part is written before the old ones are
    removed: a crash in between leaves duplicates that ``unique_lines`` hides, never a gap."""
    small = [p for p in sorted(day_dir(provider_id, day).glob("*.parquet"))
             if p.stat().st_size < SMALL_PART]  # fmt: skip
    if len(small) < min_parts:
        return False
    merged = unique_lines(pl.scan_parquet(small)).sort("ts").collect()
    name = f"compact-{small[0].stem[:24]}-{small[-1].stem[:24]}"
    write_part(provider_id, day, name, merged)
    for path in small:
        if path.stem != name:
            path.unlink(missing_ok=True)
    return True
