"""Home-page panels: open alerts for the safeguarding team, and the health of log ingestion
for the IT manager (whether each source is still sending, and what it could not read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from preventhub.online_safety.alerts_filters import start_of
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.findings import school_days_before
from preventhub.online_safety.models import Alert, Ingestion, LogSource


def alerts_panel(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    counts = (
        Alert.objects.for_provider(provider)
        .filter(status=AlertStatus.OPEN)
        .aggregate(
            open=Count("pk"),
            critical=Count("pk", filter=Q(severity=Severity.CRITICAL)),
            failures=Count("pk", filter=Q(is_filter_failure=True)),
            oldest=Min("first_seen"),
        )
    )
    return {"alerts": counts}


@dataclass(frozen=True)
class SourceHealth:
    name: str
    last_log_at: datetime | None
    sending: bool  # logs since the start of the last school day


def ingestion_panel(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    since = start_of(school_days_before(timezone.localdate(), 1)[0])
    ingestions = Ingestion.objects.for_provider(provider)
    latest = dict(
        ingestions.values("source_id")
        .annotate(last=Max("last_at"))
        .values_list("source_id", "last")
    )
    sources = [
        SourceHealth(s.name, latest.get(s.pk), bool(latest.get(s.pk) and latest[s.pk] >= since))
        for s in LogSource.objects.for_provider(provider).filter(is_active=True).order_by("name")
    ]
    day = ingestions.filter(started_at__gte=timezone.now() - timedelta(days=1)).aggregate(
        lines=Sum("lines"), rejected=Sum("rejected")
    )
    return {
        "sources": sources,
        "silent": sum(1 for s in sources if not s.sending),
        "lines": day["lines"] or 0,
        "rejected": day["rejected"] or 0,
        "open_alerts": Alert.objects.for_provider(provider).filter(status=AlertStatus.OPEN).count(),
    }
