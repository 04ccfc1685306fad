"""API shapes for the risk assessment (PRODUCT.md's API contract). Enumerations are Literal types
so the OpenAPI document lists every value; a test checks they match risk.choices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

AreaKey = Literal[
    "leadership", "partnership", "training", "speakers_events", "online", "premises",
    "curriculum_welfare", "subcontractors", "local_context", "learner_cohort",
]  # fmt: skip
SourceKey = Literal["partner_intelligence", "learner_consultation", "incidents"]
ActionStatusKey = Literal["not_started", "in_progress", "done", "dropped"]
BandKey = Literal["low", "medium", "high", "very_high"]
FindingCodeKey = Literal[
    "area_without_risk", "risk_without_action", "risk_without_local_context",
    "action_without_owner", "action_without_due_date", "action_without_impact_measure",
    "action_overdue", "risk_review_overdue", "no_local_context_statement",
    "no_learner_consultation", "no_partner_input", "assessment_not_reviewed",
    "incident_since_review",
]  # fmt: skip
SeverityKey = Literal["red", "amber"]
MAX_TEXT = 10_000


class RiskIn(Schema):
    area: AreaKey
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(
        min_length=1,
        max_length=MAX_TEXT,
        description="What could happen here, with local context: sites, partners, communities, "
        "figures (the quality check names a generic description).",
    )
    likelihood: int = Field(ge=1, le=5, description="Inherent: 1 (rare) to 5 (almost certain)")
    impact: int = Field(ge=1, le=5, description="Inherent: 1 (negligible) to 5 (severe)")
    hazard: str = Field("", max_length=MAX_TEXT)
    controls: str = Field("", max_length=MAX_TEXT, description="Current controls")
    residual_likelihood: int | None = Field(
        None, ge=1, le=5, description="After current controls; give both residual values or neither"
    )
    residual_impact: int | None = Field(None, ge=1, le=5)
    sources: list[SourceKey] = Field(default_factory=list, max_length=3)
    source_note: str = Field("", max_length=2000)
    owner_id: int | None = Field(None, description="The user id of the risk's owner here")
    review_on: date | None = Field(None, description="Not in the past")


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner: int | str | None = Field(
        None,
        description="Who does it: a user id (a JSON number) or a username (a JSON string) of "
        "someone who works at this provider. Left out, the quality check names the gap.",
    )
    due_date: date | None = Field(None, description="Not before today (the action's creation)")
    impact_measure: str = Field(
        "",
        max_length=2000,
        description="How you will know it worked. Left empty, the quality check names the gap.",
    )


class ActionOut(Schema):
    id: str
    risk_id: str
    title: str
    owner: str | None
    owner_id: int | None
    due_date: date | None
    status: ActionStatusKey
    impact_measure: str
    evidence: str
    completed_on: date | None
    overdue: bool


class RiskOut(Schema):
    id: str
    area: AreaKey
    title: str
    description: str
    hazard: str
    controls: str
    likelihood: int
    impact: int
    inherent_score: int
    inherent_band: BandKey
    residual_likelihood: int | None
    residual_impact: int | None
    residual_score: int | None
    residual_band: BandKey | None
    sources: list[SourceKey]
    source_note: str
    owner: str | None
    owner_id: int | None
    review_on: date | None
    created_at: datetime
    actions: list[ActionOut]


class RiskPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[RiskOut]


class FindingOut(Schema):
    code: FindingCodeKey
    area: AreaKey | None = Field(description="The risk-assessment area; null for the whole")
    message: str
    why: str = Field(description="Why it matters, in one sentence")
    severity: SeverityKey
    url: str = Field(description="The page where it is put right")
