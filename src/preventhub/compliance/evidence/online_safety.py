"""IT and online safety: filtering logs monitored, the daily report read, alerts triaged,
filter failures caught, and filtering governed (DfE filtering and monitoring standards)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Min, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, plural
from preventhub.compliance.optional import guarded, last_school_days, model
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.models import (
    Alert,
    DailyCount,
    DailyReportRead,
    Ingestion,
    LogSource,
)

REPORT_DAYS = 20
STALE_SCHOOL_DAYS = 5
TRIAGE_DAYS = 2
REPORT = "online_safety.view_daily_report"
ALERTS = "online_safety.view_alerts"
GOVERNANCE = "filtering.view_governance"


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page the module has not added yet
        return ""


def monitoring(ctx: EvidenceContext) -> list[Line]:
    sources = LogSource.objects.for_provider(ctx.provider).filter(is_active=True).count()
    url = _url("online_safety:daily_report")
    if not sources:
        return [
            Line(
                "No web-filter log source is set up: nobody monitors what is searched for "
                "or blocked.",
                Tone.BAD,
                url,
                REPORT,
            )
        ]
    recent = (
        Ingestion.objects.for_provider(ctx.provider)
        .filter(started_at__gte=ctx.since(30))
        .aggregate(lines=Sum("parsed"), last=Max("last_at"))
    )
    last = Ingestion.objects.for_provider(ctx.provider).aggregate(last=Max("last_at"))["last"]
    lines = [
        Line(
            f"{plural(sources, 'log source')} monitored; {recent['lines'] or 0:,} log "
            "lines read in the last 30 days.",
            Tone.INFO,
            url,
            REPORT,
        )
    ]
    oldest_ok = last_school_days(ctx.today, STALE_SCHOOL_DAYS)[0]
    if last is None:
        lines.append(Line("No log has ever been ingested.", Tone.BAD, url, REPORT))
    else:
        stale = timezone.localdate(last) < oldest_ok
        lines.append(
            Line(
                f"Latest log line read: {day(last)}.", Tone.BAD if stale else Tone.GOOD, url, REPORT
            )
        )
    return lines


def report_reading(ctx: EvidenceContext) -> list[Line]:
    days = last_school_days(ctx.today, REPORT_DAYS)
    url = _url("online_safety:daily_report")
    read = set(
        DailyReportRead.objects.filter(provider=ctx.provider, day__in=days).values_list(
            "day", flat=True
        )
    )
    unread = sum(1 for d in days if d not in read)
    if not DailyCount.objects.filter(provider=ctx.provider, day__in=days).exists():
        return [
            Line(
                f"No daily IT report in the last {REPORT_DAYS} school days: no logs.",
                Tone.BAD,
                url,
                REPORT,
            )
        ]
    return [
        Line(
            f"Daily IT report not opened on {unread} of the last {REPORT_DAYS} school days."
            if unread
            else f"The daily IT report was opened on each of the last {REPORT_DAYS} school days.",
            Tone.GOOD if not unread else Tone.BAD if unread > REPORT_DAYS // 4 else Tone.WARN,
            url,
            REPORT,
        )
    ]


def alert_triage(ctx: EvidenceContext) -> list[Line]:
    alerts = Alert.objects.for_provider(ctx.provider)
    url = _url("online_safety:alert_list")
    month = alerts.filter(first_seen__gte=ctx.since(30))
    waiting = alerts.filter(status=AlertStatus.OPEN).aggregate(
        n=Count("pk"), oldest=Min("first_seen")
    )
    open_n = waiting["n"]
    lines = [
        Line(
            f"{plural(month.count(), 'alert')} in the last 30 days, "
            f"{month.exclude(status=AlertStatus.OPEN).count():,} triaged.",
            Tone.INFO,
            url,
            ALERTS,
        )
    ]
    oldest = waiting["oldest"]
    if open_n and oldest is not None and oldest < ctx.now - timedelta(days=TRIAGE_DAYS):
        lines.append(
            Line(
                f"{plural(open_n, 'alert')} waiting for triage, the oldest since {day(oldest)}.",
                Tone.BAD,
                url,
                ALERTS,
            )
        )
    failures = (
        DailyCount.objects.filter(
            provider=ctx.provider, metric="filter_failures", day__gte=ctx.today - timedelta(days=30)
        ).aggregate(n=Sum("value"))["n"]
        or 0
    )
    if failures:
        lines.append(
            Line(
                f"{plural(failures, 'request')} in a blocked category allowed through "
                "in the last 30 days (filter failures).",
                Tone.BAD,
                url,
                ALERTS,
            )
        )
    return lines


def governance(ctx: EvidenceContext) -> list[Line]:
    return guarded(
        lambda: _governance(ctx), [Line("Filtering governance is not recorded yet.", Tone.WARN)]
    )


def _governance(ctx: EvidenceContext) -> list[Line]:
    responsibility = model("filtering", "Responsibility")
    review = model("filtering", "Review")
    runs = model("filtering", "TestRun")
    if responsibility is None or review is None or runs is None:
        return [Line("Filtering governance is not recorded yet.", Tone.WARN)]
    url = _url("filtering:overview") or _url("filtering:governance")
    current = set(
        responsibility.objects.for_provider(ctx.provider)
        .filter(to_date__isnull=True)
        .values_list("kind", flat=True)
    )
    named = [k for k in ("senior_leader", "governor") if k in current]
    lines = [
        Line(
            "A senior leader and a governor are named as responsible for filtering and monitoring."
            if len(named) == 2
            else "No "
            + " or ".join(
                k.replace("_", " ") for k in ("senior_leader", "governor") if k not in named
            )
            + " is named as responsible for filtering.",
            Tone.GOOD if len(named) == 2 else Tone.BAD,
            url,
            GOVERNANCE,
        )
    ]
    latest = (
        review.objects.for_provider(ctx.provider)
        .filter(status="signed_off")
        .order_by("-reviewed_on")
        .first()
    )
    if latest is None:
        lines.append(
            Line(
                "No signed-off annual review of filtering and monitoring.",
                Tone.BAD,
                url,
                GOVERNANCE,
            )
        )
    else:
        old = (ctx.today - latest.reviewed_on).days > 365
        lines.append(
            Line(
                f"Annual review signed off: {day(latest.reviewed_on)}.",
                Tone.WARN if old else Tone.GOOD,
                url,
                GOVERNANCE,
            )
        )
    last_test = runs.objects.for_provider(ctx.provider).aggregate(last=Max("run_at"))["last"]
    lines.append(
        Line(f"Filtering last tested on {day(last_test)}.", Tone.GOOD, url, GOVERNANCE)
        if last_test
        else Line("Filtering has never been tested on a device.", Tone.WARN, url, GOVERNANCE)
    )
    return lines
