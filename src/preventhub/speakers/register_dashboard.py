"""The module dashboard: this academic year's requests by status, what is coming up, what is
waiting, the late requests, and the compliance signals (``selectors.compliance_signals``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from preventhub.audit.filters import start_of_day
from preventhub.core.models import Provider
from preventhub.speakers.choices import APPROVED_STATUSES, Status
from preventhub.speakers.models import EventRequest
from preventhub.speakers.selectors import Signal, compliance_signals

LIST_LENGTH = 10
SIGNAL_HEADINGS = {
    "held_without_approval": "Held without approval",
    "outcome_missing": "Outcome not recorded after the event",
    "approved_by_wrong_role": "Approved by a role not allowed to approve it",
}


@dataclass(frozen=True)
class AcademicYear:
    first_day: date
    last_day: date

    @property
    def label(self) -> str:
        return f"{self.first_day.year} to {self.last_day.year}"


def academic_year(today: date) -> AcademicYear:
    """1 September to 31 August, the year the day falls in."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return AcademicYear(date(start_year, 9, 1), date(start_year + 1, 8, 31))


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class SignalGroup:
    code: str
    heading: str
    signals: list[Signal]


@dataclass
class Dashboard:
    year: AcademicYear
    by_status: list[StatusCount]
    upcoming: list[EventRequest]
    awaiting: list[EventRequest]
    awaiting_count: int
    late: list[EventRequest]
    late_count: int
    signal_groups: list[SignalGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.by_status)

    @property
    def signal_count(self) -> int:
        return sum(len(g.signals) for g in self.signal_groups)


def _in_year(provider: Provider, year: AcademicYear) -> QuerySet[EventRequest]:
    after = date(year.last_day.year, 9, 1)
    return EventRequest.objects.for_provider(provider).filter(
        starts_at__gte=start_of_day(year.first_day), starts_at__lt=start_of_day(after)
    )


def status_counts(provider: Provider, year: AcademicYear) -> list[StatusCount]:
    found = dict(_in_year(provider, year).order_by().values_list("status").annotate(n=Count("pk")))
    return [StatusCount(s.value, str(s.label), int(found.get(s.value, 0))) for s in Status]


def group_signals(signals: list[Signal]) -> list[SignalGroup]:
    return [
        SignalGroup(code, heading, [s for s in signals if s.code == code])
        for code, heading in SIGNAL_HEADINGS.items()
        if any(s.code == code for s in signals)
    ]


def dashboard(provider: Provider, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    year = academic_year(timezone.localdate(now))
    requests = EventRequest.objects.for_provider(provider).select_related("site")
    upcoming = requests.filter(status__in=list(APPROVED_STATUSES), starts_at__gte=now)
    awaiting = requests.filter(status=Status.SUBMITTED).order_by("starts_at")
    late = _in_year(provider, year).filter(late=True).select_related("site").order_by("-starts_at")
    return Dashboard(
        year=year,
        by_status=status_counts(provider, year),
        upcoming=list(upcoming.order_by("starts_at")[:LIST_LENGTH]),
        awaiting=list(awaiting[:LIST_LENGTH]),
        awaiting_count=awaiting.count(),
        late=list(late[:LIST_LENGTH]),
        late_count=late.count(),
        signal_groups=group_signals(compliance_signals(provider, now)),
    )
