"""API shapes of compliance. Enumerations are Literal types so the OpenAPI document lists every
value; a test checks they match the choices."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

AreaKey = Literal[
    "leadership",
    "risk_assessment",
    "partnership",
    "training",
    "online_safety",
    "premises",
    "resilience",
]
StatusKey = Literal["green", "amber", "red"]
SeverityKey = Literal["red", "amber"]


class ComplianceFindingOut(Schema):
    code: str
    area: str
    message: str
    why: str
    compliance_area: AreaKey
    severity: SeverityKey
    url: str


class AreaSummaryOut(Schema):
    area: AreaKey
    status: StatusKey
    findings: list[ComplianceFindingOut]
