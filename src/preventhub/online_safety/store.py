"""The columnar store of raw normalised web-filter logs, outside the main database.

Layout: ``<WEBLOG_STORE_DIR>/provider=<id>/day=<YYYY-MM-DD>/<part>.parquet``, one part per
ingestion and day. Parts are written to a temporary name and renamed into place, so a reader
(or an ingestion killed half way) never sees half a file; a part's name is derived from the
ingestion's content hash, so re-running an ingestion rewrites the same part rather than adding
a second copy. Drill-downs scan the parts lazily with polars.

Columns (``STORE_SCHEMA``): line_key, ts (UTC), source_id, pseudonym, is_guest, client_ip,
action ("allowed"/"blocked"), status, bytes, method, host, url, category (the provider's
category key, or null), vendor_category (the filter's own category, or null).
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
    "line_key": pl.String(),
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
}


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
    frame.select(list(STORE_SCHEMA)).write_parquet(temporary, compression="zstd")
    os.replace(temporary, target)
    return target


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
