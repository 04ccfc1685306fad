"""What the compliance view must show about online-safety monitoring, registered with
``core.findings`` as the source "online_safety" (compliance area "online_safety").

Rules (school days are weekdays that are not bank holidays in England):

- ``no_active_log_source`` (red): nothing is monitored — no log source is switched on.
- ``source_silent`` (red): an active source sent no logs for the last school day (the survey's
  learner "unnoticed until a teacher walked past": monitoring that silently stopped).
- ``no_category_lists`` (red): no category has a single domain, so nothing can be classified.
- ``filter_failure_untriaged`` (red): a critical filter failure (a blocked category allowed
  through) is still open.
- ``alerts_not_triaged`` (amber, red after three school days): alerts open for more than a
  school day.
- ``daily_report_unread`` (amber, red at half or more): no senior leader opened the daily report
  for N of the last 20 school days since monitoring began (N at least 5).

Messages hold counts, dates and source names: never a pseudonym, a user name or a domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max, Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.online_safety.alerts_filters import start_of
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.choices import Severity as HitSeverity
from preventhub.online_safety.models import (
    Alert,
    CategoryDomain,
    DailyCount,
    DailyReportRead,
    Ingestion,
    LogSource,
)
from preventhub.transfers.schooldays import is_school_day

AREA = ComplianceArea.ONLINE_SAFETY
MODULE_AREA = "monitoring"
REPORT_WINDOW = 20  # school days
REPORT_UNREAD_AMBER = 5
ALERT_LATE_RED = 3  # school days

WHY_NO_SOURCE = (
    "Ofsted found providers that 'did not monitor IT use adequately'; the DfE filtering and "
    "monitoring standards expect filtering and monitoring in place on every device."
)
WHY_SILENT = (
    "In one college a learner watched a terrorist beheading video, unnoticed until a teacher "
    "walked past: a source that stops sending logs stops the monitoring without anyone knowing."
)
WHY_LISTS = "Without category lists no request can be classified, so nothing is ever flagged."
WHY_FAILURE = (
    "A request allowed in a category the filter should block means the filter is not working: "
    "the DfE standards ask for filtering that works, checked and acted on."
)
WHY_TRIAGE = "The best providers monitored in real time and acted on alerts at once."
WHY_REPORT = (
    "Ofsted found reports 'so generic that they were of little use'; the best providers sent "
    "daily reports of attempts to senior leaders, who read and acted on them."
)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def school_days_before(today: date, count: int) -> list[date]:
    """The ``count`` school days before ``today`` (most recent first)."""
    found: list[date] = []
    day = today
    while len(found) < count:
        day -= timedelta(days=1)
        if is_school_day(day):
            found.append(day)
    return found


def school_days_between(first: date, last: date) -> int:
    """School days after ``first`` up to and including ``last``."""
    return sum(1 for n in range(1, (last - first).days + 1) if is_school_day(first + timedelta(n)))


def online_safety_findings(provider: Any, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    sources = list(LogSource.objects.for_provider(provider).filter(is_active=True))
    if not sources:
        return [
            Finding(
                "no_active_log_source",
                "No web-filter log source is switched on: nobody's internet use is monitored.",
                WHY_NO_SOURCE,
                AREA,
                MODULE_AREA,
                Severity.RED,
                _url("online_safety:source_list"),
            )
        ]
    return [
        *_silent(provider, sources, today),
        *_no_lists(provider),
        *_failures(provider),
        *_untriaged(provider, today),
        *_unread(provider, today),
    ]


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:  # another part's page may not be built yet: no link, not a crash
        return ""


def _silent(provider: Any, sources: list[LogSource], today: date) -> Iterable[Finding]:
    last_school_day = school_days_before(today, 1)[0]
    since = start_of(last_school_day)
    latest = dict(
        Ingestion.objects.for_provider(provider)
        .values("source_id")
        .annotate(last=Max("last_at"))
        .values_list("source_id", "last")
    )
    for source in sources:
        last = latest.get(source.pk)
        if source.created_at >= since or (last is not None and last >= since):
            continue
        when = f"since {_day(timezone.localdate(last))}" if last else "ever"
        yield Finding(
            "source_silent",
            f"The log source “{source.name}” has sent no logs {when}: nothing for the last "
            f"school day ({_day(last_school_day)}).",
            WHY_SILENT,
            AREA,
            MODULE_AREA,
            Severity.RED,
            _url("online_safety:source_list"),
        )


def _no_lists(provider: Any) -> Iterable[Finding]:
    if CategoryDomain.objects.filter(provider=provider).exists():
        return
    yield Finding(
        "no_category_lists",
        "No category list is loaded: no domain is in any category, so no site is classified.",
        WHY_LISTS,
        AREA,
        MODULE_AREA,
        Severity.RED,
        _url("online_safety:category_list"),
    )


def _failures(provider: Any) -> Iterable[Finding]:
    failures = Alert.objects.for_provider(provider).filter(
        status=AlertStatus.OPEN, is_filter_failure=True, severity=HitSeverity.CRITICAL
    )
    count = failures.count()
    if not count:
        return
    first = failures.aggregate(first=Min("first_seen"))["first"]
    yield Finding(
        "filter_failure_untriaged",
        f"{count} critical filter failure{'s' if count != 1 else ''} (allowed in a blocked "
        f"category) {'are' if count != 1 else 'is'} not triaged, the oldest from "
        f"{_day(timezone.localdate(first))}.",
        WHY_FAILURE,
        AREA,
        MODULE_AREA,
        Severity.RED,
        _url("online_safety:alert_list", "?status=open&kind=filter_failure"),
    )


def _untriaged(provider: Any, today: date) -> Iterable[Finding]:
    # Open for more than one school day: first hit before the last school day began.
    cutoff = start_of(school_days_before(today, 1)[0])
    late = Alert.objects.for_provider(provider).filter(
        status=AlertStatus.OPEN, first_seen__lt=cutoff
    )
    found = late.aggregate(oldest=Min("first_seen"))
    count = late.count()
    if not count:
        return
    oldest = timezone.localdate(found["oldest"])
    waited = school_days_between(oldest, today)
    yield Finding(
        "alerts_not_triaged",
        f"{count} online-safety alert{'s have' if count != 1 else ' has'} been open for more "
        f"than a school day, the oldest since {_day(oldest)}.",
        WHY_TRIAGE,
        AREA,
        MODULE_AREA,
        Severity.RED if waited > ALERT_LATE_RED else Severity.AMBER,
        _url("online_safety:alert_list", "?status=open"),
    )


def _unread(provider: Any, today: date) -> Iterable[Finding]:
    began = DailyCount.objects.filter(provider=provider).aggregate(first=Min("day"))["first"]
    if began is None:
        return
    days = [d for d in school_days_before(today, REPORT_WINDOW) if d >= began]
    if len(days) < REPORT_UNREAD_AMBER:
        return
    leaders = [u.pk for u in users_holding(provider, [Role.SENIOR_LEADER])]
    read = set(
        DailyReportRead.objects.filter(
            provider=provider, day__in=days, user_id__in=leaders
        ).values_list("day", flat=True)
    )
    unread = len([d for d in days if d not in read])
    if unread < REPORT_UNREAD_AMBER:
        return
    yield Finding(
        "daily_report_unread",
        f"No senior leader opened the daily online-safety report for {unread} of the last "
        f"{len(days)} school days.",
        WHY_REPORT,
        AREA,
        MODULE_AREA,
        Severity.RED if unread * 2 >= len(days) else Severity.AMBER,
        _url("online_safety:daily_report"),
    )
