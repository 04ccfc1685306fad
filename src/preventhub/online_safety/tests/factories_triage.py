"""Test data for alerts, reports and drill-downs: identities, alerts with their flagged events,
daily counts and small Parquet parts, made directly (not through the ingestion engine)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety import store
from preventhub.online_safety.choices import (
    AlertStatus,
    HitKind,
    IngestVia,
    LogFormat,
    RequestAction,
    Severity,
    SourceKind,
)
from preventhub.online_safety.models import (
    Alert,
    Category,
    CategoryDomain,
    DailyCount,
    FlaggedEvent,
    Identity,
    Ingestion,
    LogSource,
)

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_source(provider: Provider, **fields: Any) -> LogSource:
    values: dict[str, Any] = {
        "name": f"Proxy {_n()}",
        "kind": SourceKind.WEB_PROXY,
        "format": LogFormat.SQUID_NATIVE,
    }
    values.update(fields)
    return LogSource.unscoped.create(provider=provider, **values)


def make_identity(provider: Provider, username: str = "", **fields: Any) -> Identity:
    n = _n()
    username = username or f"student{n}"
    values: dict[str, Any] = {
        "identity_hash": hashlib.sha256(f"{provider.pk}:{username}".encode()).hexdigest(),
        "pseudonym": f"U-{n:06X}",
        "username": username,
    }
    values.update(fields)
    return Identity.unscoped.create(provider=provider, **values)


def make_ingestion(source: LogSource, last_at: datetime | None = None, **fields: Any) -> Ingestion:
    now = timezone.now()
    last = last_at or now
    values: dict[str, Any] = {
        "via": IngestVia.UPLOAD,
        "file_name": f"access-{_n()}.log",
        "sha256": hashlib.sha256(str(_n()).encode()).hexdigest(),
        "lines": 100,
        "parsed": 100,
        "first_at": last - timedelta(hours=1),
        "last_at": last,
        "started_at": now,
        "finished_at": now,
    }
    values.update(fields)
    return Ingestion.unscoped.create(provider=source.provider, source=source, **values)


def make_category(provider: Provider, key: str = "weapons", **fields: Any) -> Category:
    values: dict[str, Any] = {"name": key.replace("-", " ").capitalize()}
    values.update(fields)
    category, _ = Category.unscoped.get_or_create(provider=provider, key=key, defaults=values)
    return category


def add_domain(category: Category, domain: str) -> CategoryDomain:
    return CategoryDomain.objects.create(
        provider_id=category.provider_id, category=category, domain=domain
    )


def make_alert(
    provider: Provider,
    identity: Identity | None = None,
    *,
    hits: int = 2,
    theme: str = "weapons",
    severity: str = Severity.HIGH,
    at: datetime | None = None,
    status: str = AlertStatus.OPEN,
    source: LogSource | None = None,
    action: str = RequestAction.BLOCKED,
    **fields: Any,
) -> Alert:
    """An alert with ``hits`` flagged events a minute apart, the last at ``at`` (default now)."""
    identity = identity or make_identity(provider)
    last = at or timezone.now()
    first = last - timedelta(minutes=hits - 1)
    alert = Alert.unscoped.create(
        provider=provider,
        identity=identity,
        theme=theme,
        severity=severity,
        group_key=f"group-{_n()}",
        first_seen=first,
        last_seen=last,
        hit_count=hits,
        status=status,
        **fields,
    )
    source = source or make_source(provider)
    ingestion = make_ingestion(source, last_at=last)
    for i in range(hits):
        FlaggedEvent.objects.create(
            provider=provider,
            source=source,
            ingestion=ingestion,
            line_key=f"line-{_n()}",
            occurred_at=first + timedelta(minutes=i),
            identity=identity,
            client_ip="10.1.2.3",
            action=action,
            host="weapons-shop.example.test",
            url=f"http://weapons-shop.example.test/catalogue?page={i}",
            kind=HitKind.FILTER_FAILURE if fields.get("is_filter_failure") else HitKind.CATEGORY,
            theme=theme,
            severity=severity,
            matched="weapons-shop.example.test",
            alert=alert,
        )
    return alert


def set_counts(provider: Provider, day: date, **metrics: int) -> None:
    """Daily counts for ``day``; keyword names use "__" for ":" (category__weapons=3)."""
    for name, value in metrics.items():
        DailyCount.objects.update_or_create(
            provider=provider, day=day, metric=name.replace("__", ":"), defaults={"value": value}
        )


def set_metric(provider: Provider, day: date, metric: str, value: int) -> None:
    DailyCount.objects.update_or_create(
        provider=provider, day=day, metric=metric, defaults={"value": value}
    )


def write_lines(
    provider: Provider, day: date, rows: list[dict[str, Any]], part: str = "p1"
) -> None:
    """A small Parquet part for ``day``: each row needs ts, pseudonym, host, action."""
    filled = [
        {
            "line_key": _n(),
            "source_id": "source",
            "is_guest": False,
            "client_ip": "10.1.2.3",
            "status": 403 if r.get("action") == "blocked" else 200,
            "bytes": 1000,
            "method": "GET",
            "url": f"http://{r['host']}/",
            "category": None,
            "vendor_category": None,
            **r,
        }
        for i, r in enumerate(rows)
    ]
    # Columns this helper does not fill (the store's schema may grow) are null.
    ordered = [{name: row.get(name) for name in store.STORE_SCHEMA} for row in filled]
    frame = pl.DataFrame(ordered, schema=store.STORE_SCHEMA, orient="row")
    store.write_part(provider.pk, day, part, frame)
