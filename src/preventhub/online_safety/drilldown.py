"""One identity's activity, for the safeguarding team: its flagged events and alerts from the
database, and from the columnar store (scanned lazily with polars, filtered to the pseudonym)
its requests hour by hour and the sites it visited most, for at most 31 days at a time.

Every opening is audited with the range looked at (the activity itself is never copied into
the audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.online_safety import store
from preventhub.online_safety.alerts_filters import start_of
from preventhub.online_safety.models import Alert, FlaggedEvent, Identity

MAX_DAYS = 31
DEFAULT_DAYS = 7
TOP_SITES = 20
MAX_EVENTS = 200


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(
            {field: f"“{text[:40]}” is not a date: give it as YYYY-MM-DD, e.g. 2026-03-27."}
        ) from exc


def parse_period(start_text: str | None, end_text: str | None, today: date) -> Period:
    """``?from=&to=`` (days in England); by default the last 7 days up to today. The range is
    at most 31 days, so a drill-down reads a bounded slice of the store."""
    end = _day(end_text, "to") if end_text else today
    start = _day(start_text, "from") if start_text else end - timedelta(days=DEFAULT_DAYS - 1)
    if end < start:
        raise ValidationError({"to": "The 'to' date must be the same as or after the 'from' date."})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(
            {
                "to": f"Look at {MAX_DAYS} days or fewer at a time (this range is "
                f"{(end - start).days + 1} days)."
            }
        )
    if start > today:
        raise ValidationError({"from": "That day has not happened yet."})
    return Period(start, min(end, today))


@dataclass(frozen=True)
class HourRow:
    hour: datetime  # the start of the hour, UK time
    requests: int
    blocked: int


@dataclass(frozen=True)
class SiteRow:
    host: str
    requests: int
    blocked: int


@dataclass
class Activity:
    period: Period
    events: list[FlaggedEvent]
    event_count: int
    alerts: list[Alert]
    hours: list[HourRow]
    hour_of_day: list[int]  # requests in each hour of the day (0-23), across the period
    sites: list[SiteRow]
    requests: int
    blocked: int


def _events(identity: Identity, period: Period) -> QuerySet[FlaggedEvent]:
    return FlaggedEvent.objects.filter(
        provider_id=identity.provider_id,
        identity=identity,
        occurred_at__gte=start_of(period.start),
        occurred_at__lt=start_of(period.end + timedelta(days=1)),
    ).order_by("-occurred_at", "-id")


def _lines(identity: Identity, period: Period) -> pl.LazyFrame:
    """The identity's normalised lines, with the time in UK local time."""
    zone = str(settings.TIME_ZONE)
    return (
        # Parts are filed by day; a day in England may straddle two days in UTC.
        store.scan(
            identity.provider_id, period.start - timedelta(days=1), period.end + timedelta(days=1)
        )
        .filter(pl.col("pseudonym") == identity.pseudonym)
        .select(
            pl.col("ts").dt.convert_time_zone(zone).alias("local"),
            pl.col("host"),
            (pl.col("action") == "blocked").alias("is_blocked"),
        )
        .filter(pl.col("local").dt.date().is_between(pl.lit(period.start), pl.lit(period.end)))
    )


def _store_activity(identity: Identity, period: Period) -> tuple[Any, ...]:
    lines = _lines(identity, period)
    hours, sites = pl.collect_all(
        [
            lines.group_by(pl.col("local").dt.truncate("1h").alias("hour"))
            .agg(pl.len().alias("requests"), pl.col("is_blocked").sum().alias("blocked"))
            .sort("hour"),
            lines.group_by("host")
            .agg(pl.len().alias("requests"), pl.col("is_blocked").sum().alias("blocked"))
            .sort(["requests", "host"], descending=[True, False])
            .head(TOP_SITES),
        ]
    )
    hour_rows = [
        HourRow(timezone.localtime(row["hour"]), int(row["requests"]), int(row["blocked"]))
        for row in hours.iter_rows(named=True)
    ]
    by_hour = [0] * 24
    for row in hour_rows:
        by_hour[row.hour.hour] += row.requests
    site_rows = [
        SiteRow(str(row["host"]), int(row["requests"]), int(row["blocked"]))
        for row in sites.iter_rows(named=True)
    ]
    return hour_rows, by_hour, site_rows


def identity_activity(identity: Identity, period: Period) -> Activity:
    events = _events(identity, period)
    hours, by_hour, sites = _store_activity(identity, period)
    alerts = (
        Alert.objects.for_provider(identity.provider_id)
        .filter(
            identity=identity,
            last_seen__gte=start_of(period.start),
            first_seen__lt=start_of(period.end + timedelta(days=1)),
        )
        .order_by("-last_seen")
    )
    return Activity(
        period=period,
        events=list(events.select_related("alert")[:MAX_EVENTS]),
        event_count=events.count(),
        alerts=list(alerts),
        hours=hours,
        hour_of_day=by_hour,
        sites=sites,
        requests=sum(h.requests for h in hours),
        blocked=sum(h.blocked for h in hours),
    )


def identity_record_view(*, actor: Any, identity: Identity, period: Period) -> None:
    """A read of one identity's activity: who looked, at which log-in, over which days."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="view",
            obj=identity,
            detail={"part": "activity", "from": period.start, "to": period.end},
        )
