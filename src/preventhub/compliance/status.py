"""The status of each of the seven areas, from the findings every module reports.

The rule (docs/compliance.md): an area is **red** when any of its findings is red ("must
fix"), **amber** when any is amber ("should fix"), and **green** only when it has none. It is
never green for want of data: the compliance module's own rules (rules.py) report what is
missing, so a provider with no data is red in every area.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


def area_statuses(
    provider: Any, now: datetime | None = None, *, findings: list[Finding] | None = None
) -> list[AreaStatus]:
    """The seven areas in the DfE tool's order, each with its status and findings."""
    found = unique(
        findings if findings is not None else findings_for(provider, now or timezone.now())
    )
    rows = []
    for area in ComplianceArea:
        own = [f for f in found if f.compliance_area == area.value]
        rows.append(AreaStatus(area.value, AREAS[area.value].label, status_of(own), own))
    return rows
