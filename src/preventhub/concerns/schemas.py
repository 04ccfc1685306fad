"""API shapes for concerns (PRODUCT.md's API contract). Enumerations are Literal types so the
OpenAPI document lists every value; a test checks they match concerns.choices."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

SubjectTypeKey = Literal["learner", "staff", "visitor", "other"]
CategoryKey = Literal[
    "prevent", "neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "exploitation",
    "domestic_abuse", "mental_health", "bullying", "online_safety", "honour_based", "other",
]  # fmt: skip
IdeologyKey = Literal[
    "islamist", "extreme_right_wing", "left_wing", "mixed_unclear", "mass_violence", "incel",
    "other",
]  # fmt: skip
IndicatorKey = Literal[
    "new_influences", "extremist_language", "accessing_material", "possesses_literature",
    "preaching", "social_circles", "withdrawn", "engagement_change", "appearance_change",
    "intent_to_harm", "mass_violence_interest", "extremist_contact", "peer_pressure",
    "rejected", "family_conflict", "unsettled_home", "identity_confusion", "exclusion",
    "bullied", "under_achievement", "seeking_purpose", "media_influence",
]  # fmt: skip
StatusKey = Literal["new", "in_triage", "open", "closed"]
DecisionKey = Literal[
    "no_further_action", "monitor", "internal_support", "early_help", "social_care",
    "police_prevent", "channel",
]  # fmt: skip
EntryKindKey = Literal[
    "raised", "acknowledged", "note", "update", "contact", "decision", "document", "action",
    "review", "referral", "escalation", "closed", "reopened", "transfer",
]  # fmt: skip
MAX_DESCRIPTION = 20_000


class ConcernIn(Schema):
    subject_type: SubjectTypeKey
    subject_name: str = Field("", max_length=200)
    category: CategoryKey
    ideology: IdeologyKey | None = Field(None, description="Prevent concerns only")
    indicators: list[IndicatorKey] = Field(default_factory=list, max_length=50)
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION)
    occurred_at: datetime = Field(description="When it happened; not in the future")
    location: str = Field("", max_length=500)
    immediate_risk: bool = False
    idempotency_key: str | None = Field(
        None,
        max_length=100,
        description="Send the same key again (or the Idempotency-Key header) and the first "
        "concern is returned instead of a second one being made.",
    )


class ConcernCreatedOut(Schema):
    id: str
    reference: str
    status: StatusKey


class ConcernSummaryOut(Schema):
    """A row of GET /concerns. Reporters outside the safeguarding team get only the first
    four fields; the others are null for them (no narrative, no decisions)."""

    id: str
    reference: str
    status: StatusKey
    created_at: datetime
    subject_type: SubjectTypeKey | None = None
    subject_name: str | None = None
    category: CategoryKey | None = None
    ideology: IdeologyKey | None = None
    immediate_risk: bool | None = None
    latest_decision: DecisionKey | None = None


class ConcernPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ConcernSummaryOut]


class ConcernOut(Schema):
    """One concern as the safeguarding team sees it."""

    id: str
    reference: str
    status: StatusKey
    created_at: datetime
    reporter: str
    subject_type: SubjectTypeKey
    subject_name: str
    subject_person_id: str | None
    category: CategoryKey
    ideology: IdeologyKey | None
    indicators: list[IndicatorKey]
    description: str
    occurred_at: datetime
    location: str
    immediate_risk: bool
    lead: str | None
    acknowledged_at: datetime | None
    first_decision_at: datetime | None
    latest_decision: DecisionKey | None
    next_review_on: str | None
    closed_at: datetime | None
    closure_reason: str | None
    outcome: str | None


class ConcernStatusOut(Schema):
    """One concern as its reporter sees it: that it arrived and is being handled."""

    id: str
    reference: str
    status: StatusKey
    created_at: datetime
    acknowledged: bool


class DecisionIn(Schema):
    decision: DecisionKey
    rationale: str = Field(max_length=MAX_DESCRIPTION)
    informed: str = Field("", max_length=500, description="Who was informed of the decision")
    informed_at: datetime | None = None


class ChronologyEntryOut(Schema):
    id: str
    kind: EntryKindKey
    occurred_at: datetime
    recorded_at: datetime
    author: str
    text: str
    decision: DecisionKey | None
    informed: str | None
    informed_at: datetime | None
    version: int
    first_version_id: str
    superseded: bool


class DecisionOut(Schema):
    concern: ConcernCreatedOut
    entry: ChronologyEntryOut
