"""Retention of raw normalised logs: whole days past ``raw_retention_days`` are deleted from
the columnar store. The database keeps the flagged events, alerts and daily counts, which have
their own retention. Each provider's deletion is written to the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.online_safety import store
from preventhub.online_safety.models import OnlineSafetySettings
from preventhub.online_safety.models.sources import DEFAULT_RAW_RETENTION_DAYS


def retention_days(provider_id: int) -> int:
    found = OnlineSafetySettings.objects.filter(provider_id=provider_id).first()
    return found.raw_retention_days if found else DEFAULT_RAW_RETENTION_DAYS


def expired_days(provider_id: int, today: date | None = None) -> list[date]:
    cutoff = (today or timezone.localdate()) - timedelta(days=retention_days(provider_id))
    return [d for d in store.stored_days(provider_id) if d < cutoff]


def purge_raw_logs(*, dry_run: bool = False, today: date | None = None) -> dict[str, list[date]]:
    """Per provider slug, the days deleted (or that would be)."""
    report: dict[str, list[date]] = {}
    for provider in Provider.objects.order_by("slug"):
        days = expired_days(provider.pk, today)
        if not store.stored_days(provider.pk):
            continue
        report[provider.slug] = days
        if dry_run or not days:
            continue
        for day in days:
            store.delete_day(provider.pk, day)
        audit_record(
            actor=None,
            action="delete",
            object_type="online_safety.rawlogday",
            provider_id=provider.pk,
            detail={"days": len(days), "first": days[0].isoformat(), "last": days[-1].isoformat(),
                    "retention_days": retention_days(provider.pk)},
        )  # fmt: skip
    return report
