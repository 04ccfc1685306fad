"""The daily aggregates behind the leaders' report, recomputed for a whole day from the
columnar store after each ingestion (each line counted once, however many files held it),
so re-ingesting never double-counts.

Metrics (``DailyCount.metric``): requests, blocked, flagged, filter_failures, bypass,
guest_requests, guest_identities, identities, category:<key> (attempts),
category_blocked:<key>, severity:<level> (flagged lines), blocked_domain:<domain> (top 100),
identity:<pseudonym> (flagged lines, top 100).
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db import transaction

from preventhub.online_safety import store
from preventhub.online_safety.choices import HitKind
from preventhub.online_safety.models import DailyCount

TOP = 100
_COLUMNS = ["source_id", "line_key", "pseudonym", "is_guest", "action", "host", "category",
            "flag_kind", "severity"]  # fmt: skip


def day_metrics(provider_id: int, day: date) -> dict[str, int]:
    lines = store.scan(provider_id, day, day).select(_COLUMNS)
    # One ingestion's parts never share a line; only several ingestions (or a compaction)
    # can, so only then is the day deduplicated.
    prefixes = {p.stem.split("-", 1)[0] for p in store.part_files(provider_id, day, day)}
    if len(prefixes) > 1 or "compact" in prefixes:
        lines = store.unique_lines(lines)
    frame = lines.collect()
    if frame.is_empty():
        return {}
    blocked = pl.col("action") == "blocked"
    flagged = pl.col("flag_kind").is_not_null()
    totals = frame.select(
        pl.len().alias("requests"),
        blocked.sum().alias("blocked"),
        flagged.sum().alias("flagged"),
        (pl.col("flag_kind") == HitKind.FILTER_FAILURE).sum().alias("filter_failures"),
        (pl.col("flag_kind") == HitKind.BYPASS).sum().alias("bypass"),
        pl.col("is_guest").sum().alias("guest_requests"),
        pl.col("pseudonym").filter(pl.col("is_guest")).n_unique().alias("guest_identities"),
        pl.col("pseudonym").n_unique().alias("identities"),
    ).row(0, named=True)
    metrics = {name: int(value or 0) for name, value in totals.items()}
    metrics |= _counts(frame.filter(pl.col("category").is_not_null()), "category", "category:")
    metrics |= _counts(frame.filter(blocked & pl.col("category").is_not_null()), "category",
                       "category_blocked:")  # fmt: skip
    metrics |= _counts(frame.filter(flagged), "severity", "severity:")
    metrics |= _counts(frame.filter(blocked), "host", "blocked_domain:", top=TOP)
    metrics |= _counts(frame.filter(flagged), "pseudonym", "identity:", top=TOP)
    return metrics


def _counts(
    frame: pl.DataFrame, column: str, prefix: str, top: int | None = None
) -> dict[str, int]:
    counted = frame.group_by(column).len().sort(["len", column], descending=[True, False])
    if top is not None:
        counted = counted.head(top)
    return {f"{prefix}{key}"[:300]: int(n) for key, n in counted.iter_rows() if key is not None}


def recompute(provider_id: int, days: list[date]) -> None:
    for day in days:
        metrics = day_metrics(provider_id, day)
        with transaction.atomic():
            DailyCount.objects.filter(provider_id=provider_id, day=day).delete()
            DailyCount.objects.bulk_create(
                [DailyCount(provider_id=provider_id, day=day, metric=m, value=v)
                 for m, v in metrics.items()],
                batch_size=500,
            )  # fmt: skip
