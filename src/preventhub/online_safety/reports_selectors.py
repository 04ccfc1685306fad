"""The daily IT report for leaders, built from the daily counts and the alerts.

The ingestion engine recomputes a day's counts (``DailyCount``) from the columnar store after
each ingestion; this module only reads them (metric names: "requests", "blocked", "flagged",
"filter_failures", "bypass", "guest_requests", "guest_identities", "identities",
"category:<key>", "category_blocked:<key>", "severity:<level>", "blocked_domain:<domain>",
"identity:<pseudonym>"). Identities are shown by pseudonym only: the report goes to senior
leaders, who see patterns, not people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety.alerts_filters import start_of
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import (
    Alert,
    Category,
    DailyCount,
    Identity,
    Ingestion,
    LogSource,
)
from preventhub.transfers.schooldays import is_school_day

TREND_DAYS = 30
TOP_DOMAINS = 20
TOP_IDENTITIES = 20
REPEAT_HITS = 2  # an identity with at least this many flagged hits in a day is "repeat"
EARLIEST = date(2000, 1, 1)
TOTALS = (
    "requests",
    "blocked",
    "flagged",
    "filter_failures",
    "bypass",
    "guest_requests",
    "guest_identities",
    "identities",
)
TREND_METRICS = ("requests", "blocked", "flagged")
SEVERITY_LEVELS = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)


def parse_report_date(text: str | None, today: date | None = None) -> date:
    """The report's day from ``?date=YYYY-MM-DD``; yesterday when none is given (the morning
    report covers the day before). A malformed or future date is refused with the reason."""
    today = today or timezone.localdate()
    if text is None or not text.strip():
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(
            {"date": f"“{text[:40]}” is not a date: give it as YYYY-MM-DD, e.g. 2026-03-27."}
        ) from exc
    if day > today:
        raise ValidationError({"date": "That day has not happened yet: choose today or earlier."})
    if day < EARLIEST:
        raise ValidationError({"date": f"Choose a day from {EARLIEST.isoformat()} onwards."})
    return day


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int
    extra: int = 0  # e.g. how many of the attempts were blocked
    link: str = ""  # an identity's id, for the safeguarding team's drill-down


@dataclass(frozen=True)
class TrendDay:
    day: date
    requests: int
    blocked: int
    flagged: int


@dataclass(frozen=True)
class Comparison:
    """The day's figure against the average of the same kind of day (school days, or weekends
    and bank holidays) among the 30 days before it."""

    value: int
    average: float | None  # None when there is no earlier day with data

    @property
    def change(self) -> int | None:
        if not self.average:
            return None
        return round((self.value - self.average) / self.average * 100)


@dataclass(frozen=True)
class AlertsTriage:
    raised: int  # alerts whose first hit was on the day
    triaged: int
    still_open: int
    open_now: int  # every alert of the provider still open, whatever its day
    critical_open: int


@dataclass(frozen=True)
class SourceStatus:
    name: str
    is_active: bool
    sent_logs_that_day: bool
    last_log_at: datetime | None


@dataclass
class DailyReport:
    day: date
    totals: dict[str, int]
    categories: list[Row] = field(default_factory=list)
    severities: list[Row] = field(default_factory=list)
    blocked_domains: list[Row] = field(default_factory=list)
    repeat_identities: list[Row] = field(default_factory=list)
    trend: list[TrendDay] = field(default_factory=list)
    compared: dict[str, Comparison] = field(default_factory=dict)
    alerts: AlertsTriage | None = None
    sources: list[SourceStatus] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(self.totals.values())

    @property
    def any_source_sent_logs(self) -> bool:
        return any(s.sent_logs_that_day for s in self.sources)


def _metrics(provider: Provider, day: date) -> dict[str, int]:
    return dict(
        DailyCount.objects.filter(provider=provider, day=day).values_list("metric", "value")
    )


def _prefixed(metrics: dict[str, int], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): v for k, v in metrics.items() if k.startswith(prefix)}


def _categories(provider: Provider, metrics: dict[str, int]) -> list[Row]:
    names = dict(Category.objects.for_provider(provider).values_list("key", "name"))
    attempts = _prefixed(metrics, "category:")
    blocked = _prefixed(metrics, "category_blocked:")
    rows = [
        Row(key, names.get(key, key), value, blocked.get(key, 0))
        for key, value in attempts.items()
        if value
    ]
    return sorted(rows, key=lambda r: (-r.value, r.label))


def _severities(metrics: dict[str, int]) -> list[Row]:
    counts = _prefixed(metrics, "severity:")
    return [Row(level, Severity(level).label, counts.get(level, 0)) for level in SEVERITY_LEVELS]


def _top(metrics: dict[str, int], prefix: str, limit: int) -> list[tuple[str, int]]:
    found = sorted(_prefixed(metrics, prefix).items(), key=lambda kv: (-kv[1], kv[0]))
    return found[:limit]


def _repeat_identities(provider: Provider, metrics: dict[str, int]) -> list[Row]:
    top = [(p, n) for p, n in _top(metrics, "identity:", TOP_IDENTITIES) if n >= REPEAT_HITS]
    ids = dict(
        Identity.objects.for_provider(provider)
        .filter(pseudonym__in=[p for p, _ in top])
        .values_list("pseudonym", "pk")
    )
    return [Row(p, p, n, link=str(ids.get(p, ""))) for p, n in top]


def _trend(provider: Provider, day: date) -> tuple[list[TrendDay], dict[str, Comparison]]:
    first = day - timedelta(days=TREND_DAYS)
    by_day: dict[date, dict[str, int]] = defaultdict(dict)
    for d, metric, value in DailyCount.objects.filter(
        provider=provider, day__gte=first, day__lte=day, metric__in=TREND_METRICS
    ).values_list("day", "metric", "value"):
        by_day[d][metric] = value
    trend = [
        TrendDay(d, *(by_day.get(d, {}).get(m, 0) for m in TREND_METRICS))
        for d in (first + timedelta(days=i) for i in range(1, TREND_DAYS + 1))
    ]
    # A Tuesday is compared with school days, a Saturday with weekends and holidays: a
    # quiet weekend would otherwise make every school day look like a surge.
    kind = is_school_day(day)
    earlier = [by_day[d] for d in by_day if d < day and is_school_day(d) == kind]
    compared = {
        m: Comparison(
            by_day.get(day, {}).get(m, 0),
            sum(x.get(m, 0) for x in earlier) / len(earlier) if earlier else None,
        )
        for m in TREND_METRICS
    }
    return trend, compared


def _alerts(provider: Provider, day: date) -> AlertsTriage:
    alerts = Alert.objects.for_provider(provider)
    that_day = alerts.filter(
        first_seen__gte=start_of(day), first_seen__lt=start_of(day + timedelta(days=1))
    )
    counts = that_day.aggregate(
        raised=_count(),
        still_open=_count(Q(status=AlertStatus.OPEN)),
    )
    open_now = alerts.filter(status=AlertStatus.OPEN)
    return AlertsTriage(
        raised=counts["raised"],
        triaged=counts["raised"] - counts["still_open"],
        still_open=counts["still_open"],
        open_now=open_now.count(),
        critical_open=open_now.filter(severity=Severity.CRITICAL).count(),
    )


def _count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition)


def _sources(provider: Provider, day: date) -> list[SourceStatus]:
    start, end = start_of(day), start_of(day + timedelta(days=1))
    sent = set(
        Ingestion.objects.for_provider(provider)
        .filter(first_at__lt=end, last_at__gte=start)
        .values_list("source_id", flat=True)
    )
    last = dict(
        Ingestion.objects.for_provider(provider)
        .values("source_id")
        .annotate(last=Max("last_at"))
        .values_list("source_id", "last")
    )
    return [
        SourceStatus(s.name, s.is_active, s.pk in sent, last.get(s.pk))
        for s in LogSource.objects.for_provider(provider).order_by("name")
    ]


def daily_report_for(provider: Provider, day: date) -> DailyReport:
    metrics = _metrics(provider, day)
    trend, compared = _trend(provider, day)
    return DailyReport(
        day=day,
        totals={name: metrics.get(name, 0) for name in TOTALS},
        categories=_categories(provider, metrics),
        severities=_severities(metrics),
        blocked_domains=[Row(d, d, n) for d, n in _top(metrics, "blocked_domain:", TOP_DOMAINS)],
        repeat_identities=_repeat_identities(provider, metrics),
        trend=trend,
        compared=compared,
        alerts=_alerts(provider, day),
        sources=_sources(provider, day),
    )


def report_as_dict(report: DailyReport) -> dict[str, Any]:
    """The report for the API: pseudonyms only, counts only."""
    alerts = report.alerts
    return {
        "date": report.day,
        "has_data": report.has_data,
        "any_source_sent_logs": report.any_source_sent_logs,
        "totals": report.totals,
        "categories": [
            {"category": r.key, "name": r.label, "attempts": r.value, "blocked": r.extra}
            for r in report.categories
        ],
        "severities": {r.key: r.value for r in report.severities},
        "top_blocked_domains": [
            {"domain": r.key, "attempts": r.value} for r in report.blocked_domains
        ],
        "repeat_identities": [
            {"pseudonym": r.key, "flagged_hits": r.value} for r in report.repeat_identities
        ],
        "trend": [
            {"date": t.day, "requests": t.requests, "blocked": t.blocked, "flagged": t.flagged}
            for t in report.trend
        ],
        "compared_with_last_30_days": {
            m: {"value": c.value, "average": c.average, "change_percent": c.change}
            for m, c in report.compared.items()
        },
        "alerts": {
            "raised": alerts.raised if alerts else 0,
            "triaged": alerts.triaged if alerts else 0,
            "still_open": alerts.still_open if alerts else 0,
            "open_now": alerts.open_now if alerts else 0,
            "critical_open": alerts.critical_open if alerts else 0,
        },
        "sources": [
            {
                "name": s.name,
                "is_active": s.is_active,
                "sent_logs_that_day": s.sent_logs_that_day,
                "last_log_at": s.last_log_at,
            }
            for s in report.sources
        ],
    }
