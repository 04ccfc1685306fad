"""The group roll-up: for a trust, college group or region, each provider's area statuses and
anonymised counts side by side. Never a record, never a name: concern counts under 5 read
"fewer than 5" (whoever looks: a group user is never in the provider's safeguarding team by
virtue of the group), and findings are counted, not listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from preventhub.compliance.dashboards import protected_figure
from preventhub.compliance.status import AreaStatus, area_statuses
from preventhub.concerns.choices import Category, Decision
from preventhub.concerns.models import Concern
from preventhub.concerns.statistics import PeriodKey, period_for
from preventhub.core.models import Provider, ProviderGroup
from preventhub.speakers.choices import Status as EventStatus
from preventhub.speakers.models import EventRequest
from preventhub.speakers.selectors import held_without_approval
from preventhub.training.compliance import load
from preventhub.training.reports import counted, totals


@dataclass(frozen=True)
class ProviderRow:
    name: str
    type_label: str
    statuses: list[AreaStatus]
    concerns: str
    prevent: str
    referred: str
    events_held: int
    unapproved: int
    trained: str

    @property
    def red_areas(self) -> int:
        return sum(1 for s in self.statuses if s.status == "red")


def provider_row(provider: Provider, now: datetime) -> ProviderRow:
    year = period_for(PeriodKey.ACADEMIC_YEAR, today=timezone.localdate(now))
    counts = (
        Concern.objects.for_provider(provider)
        .filter(created_at__gte=year.start, created_at__lt=year.end)
        .aggregate(
            n=Count("pk"),
            prevent=Count("pk", filter=Q(category=Category.PREVENT)),
            referred=Count(
                "pk", filter=Q(latest_decision__in=[Decision.POLICE_PREVENT, Decision.CHANNEL])
            ),
        )
    )
    events = EventRequest.objects.for_provider(provider).filter(
        starts_at__gte=year.start, starts_at__lt=year.end
    )
    standings = counted(load(provider).standings(timezone.localdate(now)))
    all_staff = totals(standings) if standings else None
    return ProviderRow(
        name=provider.name,
        type_label=provider.get_type_display(),
        statuses=area_statuses(provider),
        concerns=protected_figure(counts["n"]),
        prevent=protected_figure(counts["prevent"]),
        referred=protected_figure(counts["referred"]),
        events_held=events.filter(status=EventStatus.HELD).count(),
        unapproved=held_without_approval(provider)
        .filter(starts_at__gte=year.start, starts_at__lt=year.end)
        .count(),
        trained=f"{all_staff.in_date_percent}%" if all_staff and all_staff.total else "–",
    )


def group_rollup(group: ProviderGroup, now: datetime | None = None) -> list[ProviderRow]:
    now = now or timezone.now()
    return [provider_row(p, now) for p in Provider.objects.filter(group=group).order_by("name")]
