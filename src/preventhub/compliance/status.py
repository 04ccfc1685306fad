"""The status of each of the seven areas, from the findings every module reports.

The rule (docs/compliance.md): an area is **red** when any of its findings is red ("must
fix"), **amber** when any is amber ("should fix"), and **green** only when it has none. It is
never green for want of data: the compliance module's own rules (rules.py) report what is
missing, so a provider with no data is red in every area.

Every module's findings for a large provider take a few hundred milliseconds to compute, and
the summary is read on every leader's home page. So the live statuses are cached per provider,
keyed by the provider's latest audit-trail entry (every write of every module is audited, so
any change starts a new key at once) and by a five-minute slot (rules that depend on time
alone, "an event starts within two days", move on within five minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from preventhub.compliance.choices import Status
from preventhub.compliance.framework import AREAS
from preventhub.core.findings import ComplianceArea, Finding, Severity, findings_for


@dataclass(frozen=True)
class AreaStatus:
    area: str
    label: str
    status: str
    findings: list[Finding]

    @property
    def red(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.RED)

    @property
    def amber(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.AMBER)

    @property
    def must(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.RED]

    @property
    def should(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != Severity.RED]

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def status_of(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if Severity.RED in severities:
        return Status.RED
    return Status.AMBER if Severity.AMBER in severities else Status.GREEN


def unique(findings: list[Finding]) -> list[Finding]:
    """One finding per (area, code, message): two modules may name the same gap."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for f in findings:
        key = (f.compliance_area, f.code, f.message)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


CACHE_SECONDS = 300


def data_version(provider: Any) -> int:
    """The provider's latest audit-trail sequence number (one indexed lookup)."""
    from preventhub.audit.models import AuditEvent

    latest = AuditEvent.objects.filter(provider_id=provider.pk).aggregate(seq=Max("seq"))["seq"]
    return int(latest or 0)


def live_findings(provider: Any) -> list[Finding]:
    """Every module's findings now, from the cache while nothing has changed."""
    now = timezone.now()
    slot = int(now.timestamp()) // CACHE_SECONDS
    key = f"compliance:findings:{provider.pk}:{data_version(provider)}:{slot}"
    found: list[Finding] | None = cache.get(key)
    if found is None:
        found = findings_for(provider, now)
        cache.set(key, found, CACHE_SECONDS)
    return found


def area_statuses(
    provider: Any, now: datetime | None = None, *, findings: list[Finding] | None = None
) -> list[AreaStatus]:
    """The seven areas in the DfE tool's order, each with its status and findings: for
    ``findings`` when given, computed at ``now`` when given, else live (cached, see above)."""
    if findings is None:
        findings = findings_for(provider, now) if now is not None else live_findings(provider)
    found = unique(findings)
    rows = []
    for area in ComplianceArea:
        own = [f for f in found if f.compliance_area == area.value]
        rows.append(AreaStatus(area.value, AREAS[area.value].label, status_of(own), own))
    return rows
