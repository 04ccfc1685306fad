"""Test data for the ingestion engine: a log source, categories with domains, keywords, and
log lines in each format."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from preventhub.core.models import Provider
from preventhub.online_safety.choices import LogFormat, Severity, SourceKind
from preventhub.online_safety.compiled_lists import forget
from preventhub.online_safety.models import (
    Category,
    CategoryDomain,
    Keyword,
    LogSource,
    OnlineSafetySettings,
)

_seq = itertools.count(1)
# 2026-11-23 09:00:00 UTC, a Monday in term time.
T0 = 1795424400.0


def source(provider: Provider, **fields: Any) -> LogSource:
    values: dict[str, Any] = {
        "name": f"Proxy {next(_seq)}",
        "kind": SourceKind.WEB_PROXY,
        "format": LogFormat.SQUID_NATIVE,
        "guest_patterns": ["guest*"],
    }
    values.update(fields)
    item = LogSource(provider=provider, **values)
    item.save()
    return item


def category(
    provider: Provider, key: str, *domains: str, severity: str = Severity.HIGH, **fields: Any
) -> Category:
    item = Category(provider=provider, key=key, name=key.replace("-", " ").title(),
                    severity=severity, **fields)  # fmt: skip
    item.save()
    CategoryDomain.objects.bulk_create(
        CategoryDomain(provider=provider, category=item, domain=d) for d in domains
    )
    forget()
    return item


def keyword(
    provider: Provider, term: str, severity: str = Severity.HIGH, theme: str = ""
) -> Keyword:
    item = Keyword(provider=provider, term=term, severity=severity, theme=theme or "keywords")
    item.save()
    forget()
    return item


def settings_for(provider: Provider, **fields: Any) -> OnlineSafetySettings:
    item, _ = OnlineSafetySettings.objects.update_or_create(provider=provider, defaults=fields)
    return item


def squid(
    url: str,
    *,
    user: str = "jsmith",
    at: float = T0,
    code: str = "TCP_MISS/200",
    method: str = "GET",
    client: str = "10.1.2.3",
) -> str:
    return f"{at:.3f}    120 {client} {code} 3890 {method} {url} {user} HIER_DIRECT/- text/html"


def when(at: float = T0) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


def standard_lists(provider: Provider) -> None:
    """Neutral test lists: an extremism category (blocked), a proxy category (bypass), a
    weapons category mapped to FortiGate 16, and two keywords."""
    category(provider, "extremism", "extreme-example.test", severity=Severity.HIGH,
             vendor_codes=["fortigate:12", "fortigate:extremist groups"])  # fmt: skip
    category(provider, "proxy-avoidance", "proxy-example.test", severity=Severity.MEDIUM,
             is_bypass=True, vendor_codes=["fortigate:59"])  # fmt: skip
    category(provider, "weapons", "weapons-example.test", severity=Severity.MEDIUM,
             vendor_codes=["fortigate:16", "sophos:weapons"])  # fmt: skip
    keyword(provider, "make a bomb", Severity.CRITICAL, "violence")
    keyword(provider, "gun", Severity.MEDIUM, "weapons")
