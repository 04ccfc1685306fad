"""One interface through which every register reports its weaknesses to the compliance view.

A module registers a *source*: a plain function ``(provider, now) -> list[Finding]`` that reads
its live data and says, specifically, what is wrong (an area of the risk assessment with no
risk, a partner sharing intelligence without an agreement, an event held without approval...).
The compliance module (and anything else, e.g. a register's own page) calls ``findings_for``.

Findings are about the provider's arrangements, never about a person: ``message`` must not hold
names or case content, because governors and inspectors read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone


class ComplianceArea(models.TextChoices):
    """The seven areas of the DfE Prevent self-assessment (the compliance summary's keys)."""

    LEADERSHIP = "leadership", "Leadership and management"
    RISK_ASSESSMENT = "risk_assessment", "Risk assessment"
    PARTNERSHIP = "partnership", "Partnership working"
    TRAINING = "training", "Staff training"
    ONLINE_SAFETY = "online_safety", "IT and online safety"
    PREMISES = "premises", "Premises, speakers and events"
    RESILIENCE = "resilience", "Building learners' resilience"


class Severity(models.TextChoices):
    RED = "red", "Must fix"
    AMBER = "amber", "Should fix"


@dataclass(frozen=True)
class Finding:
    code: str  # stable key, e.g. "risk_without_action"
    message: str  # what is wrong, specifically (no personal data)
    why: str  # one sentence: why it matters (the survey's reason)
    compliance_area: str  # a ComplianceArea value
    area: str = ""  # the module's own area, e.g. the risk-assessment area
    severity: str = Severity.AMBER
    url: str = ""  # where to put it right

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "area": self.area,
            "message": self.message,
            "why": self.why,
            "compliance_area": self.compliance_area,
            "severity": self.severity,
            "url": self.url,
        }


FindingsSource = Callable[[Any, datetime], list[Finding]]
_SOURCES: dict[str, FindingsSource] = {}


def register_findings(name: str, source: FindingsSource) -> None:
    """Register (or replace) a module's findings source under a stable name."""
    _SOURCES[name] = source


def sources() -> dict[str, FindingsSource]:
    return dict(_SOURCES)


def findings_for(
    provider: Any, now: datetime | None = None, *, only: list[str] | None = None
) -> list[Finding]:
    """Every registered source's findings for ``provider`` (red first, then by area and code)."""
    now = now or timezone.now()
    found: list[Finding] = []
    for name, source in sorted(_SOURCES.items()):
        if only is None or name in only:
            found.extend(source(provider, now))
    order: dict[str, int] = {Severity.RED: 0, Severity.AMBER: 1}
    return sorted(found, key=lambda f: (order.get(f.severity, 2), f.compliance_area, f.code))
