"""Reads for the ingestion pages: the history, one ingestion, the sources one may ingest into,
and lines per day for the history's chart. Every read starts from the user's provider."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety.models import DailyCount, Ingestion, LogSource

CHART_DAYS = 14


def ingestions_for_user(user: Any, provider: Provider) -> QuerySet[Ingestion]:
    if not user.has_perm("online_safety.view_ingestions", provider):
        return Ingestion.objects.for_provider(provider).none()
    return Ingestion.objects.for_provider(provider).select_related("source")


def get_ingestion_for_user(user: Any, provider: Provider, pk: Any) -> Ingestion:
    """The one access gate for an ingestion: another provider's, or no permission, is 404."""
    found = ingestions_for_user(user, provider).filter(pk=pk).first()
    if found is None:
        raise Http404("No such ingestion.")
    return found


def sources_to_ingest(provider: Provider) -> QuerySet[LogSource]:
    return LogSource.objects.for_provider(provider).filter(is_active=True)


def find_source(provider: Provider, name_or_id: str) -> LogSource | None:
    sources = sources_to_ingest(provider)
    by_name = sources.filter(name__iexact=name_or_id.strip()).first()
    if by_name is not None:
        return by_name
    try:
        pk = uuid.UUID(name_or_id.strip())
    except ValueError:  # not an id either
        return None
    found: LogSource | None = sources.filter(pk=pk).first()
    return found


def requests_per_day(provider: Provider, today: date | None = None) -> list[tuple[date, int]]:
    """Requests stored per day over the last fortnight (0 for a day with none: a gap is what
    the IT manager must notice)."""
    today = today or timezone.localdate()
    start = today - timedelta(days=CHART_DAYS - 1)
    counts = dict(
        DailyCount.objects.filter(provider=provider, metric="requests", day__range=(start, today))
        .values("day")
        .annotate(total=Sum("value"))
        .values_list("day", "total")
    )
    return [(start + timedelta(days=i), int(counts.get(start + timedelta(days=i), 0)))
            for i in range(CHART_DAYS)]  # fmt: skip
