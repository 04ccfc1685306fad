"""API shapes for speakers, events and lettings (PRODUCT.md's API contract). Enumerations are
Literal types so the OpenAPI document lists every value; a test checks they match choices.py."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

KindKey = Literal["speaker_event", "letting"]
AudienceKey = Literal["learners", "staff", "learners_and_staff", "public", "mixed"]
StatusKey = Literal[
    "submitted", "approved", "approved_with_conditions", "refused", "withdrawn", "held",
    "not_held",
]  # fmt: skip
CheckKindKey = Literal["internet_search", "police_prevent", "dfe_coordinator", "materials_review"]
CheckOutcomeKey = Literal["clear", "concern", "consent_refused"]
ConsentKey = Literal["not_asked", "given", "refused"]
DecisionKey = Literal["approved", "approved_with_conditions", "refused"]
RiskLevelKey = Literal["low", "medium", "high"]
ConditionKey = Literal[
    "independent_chair", "balancing_speaker", "staff_present", "recording", "ticketing",
    "code_of_conduct", "materials_withdrawn",
]  # fmt: skip
BritishValueKey = Literal["democracy", "rule_of_law", "individual_liberty", "mutual_respect"]
MAX_TEXT = 10_000


class SpeakerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    organisation: str = Field("", max_length=200)
    online_presence: str = Field("", max_length=MAX_TEXT)


class RequestIn(Schema):
    """A speaker or event request. ``kind=letting`` (speakers.manage_lettings) books premises
    for an external organisation: ``hirer`` and ``purpose`` are then required and
    ``speaker_name`` may be empty."""

    speaker_name: str = Field(max_length=200, description="The (first) speaker")
    organisation: str = Field("", max_length=200, description="The speaker's organisation")
    topic: str = Field(max_length=MAX_TEXT)
    event_title: str = Field(max_length=200)
    starts_at: datetime = Field(description="In the future; a naive time is UK time")
    venue: str = Field(max_length=200, description="The room or venue")
    audience: AudienceKey
    open_to_public: bool
    ends_at: datetime | None = Field(None, description="After starts_at; default one hour later")
    late_reason: str = Field(
        "",
        max_length=MAX_TEXT,
        description="Required when the event is inside the notice period (a senior leader "
        "then decides it)",
    )
    online_presence: str = Field("", max_length=MAX_TEXT, description="Of the first speaker")
    expected_size: int | None = Field(None, ge=1, le=100_000)
    recorded_or_streamed: bool = False
    idempotency_key: str | None = Field(
        None,
        max_length=100,
        description="Send the same key again (or the Idempotency-Key header) and the first "
        "request is returned (200) instead of a second one being made.",
    )
    kind: KindKey = "speaker_event"
    site_id: int | None = Field(None, description="One of the provider's sites")
    more_speakers: list[SpeakerIn] = Field(
        default_factory=list, max_length=4, description="Up to four more speakers"
    )
    hirer: str = Field("", max_length=200, description="Lettings: the organisation hiring")
    hirer_contact: str = Field("", max_length=200)
    purpose: str = Field("", max_length=MAX_TEXT, description="Lettings: the purpose of the hire")


class RequestCreatedOut(Schema):
    id: uuid.UUID
    reference: str
    status: StatusKey
    kind: KindKey
    late: bool


class CheckIn(Schema):
    kind: CheckKindKey
    outcome: CheckOutcomeKey
    notes: str = Field("", max_length=MAX_TEXT)
    speaker_id: uuid.UUID | None = Field(None, description="One speaker; default the event")


class CheckOut(Schema):
    """A check. ``notes`` is null for those who may not read check notes (governors,
    inspectors, organisers)."""

    id: uuid.UUID
    kind: CheckKindKey
    outcome: CheckOutcomeKey
    notes: str | None
    speaker_id: uuid.UUID | None
    checked_by: str
    checked_at: datetime


class SpeakerDecisionIn(Schema):
    decision: DecisionKey
    risk_level: RiskLevelKey
    conditions: list[ConditionKey] | str = Field(
        default_factory=list,
        description="Condition keys, or the conditions in words (kept as conditions_detail)",
    )
    conditions_detail: str = Field("", max_length=MAX_TEXT)
    rationale: str = Field(max_length=MAX_TEXT)
    risk_reasons: str = Field("", max_length=MAX_TEXT)


class SpeakerDecisionOut(Schema):
    decision: DecisionKey
    risk_level: RiskLevelKey
    risk_reasons: str | None
    conditions: list[ConditionKey]
    conditions_detail: str
    rationale: str | None
    decided_by: str
    decided_as: str
    decided_at: datetime


class DecidedOut(Schema):
    id: uuid.UUID
    reference: str
    status: StatusKey
    decision: SpeakerDecisionOut


class OutcomeIn(Schema):
    held: bool
    attendance: int | None = Field(None, ge=0, le=1_000_000)
    issues_raised: str = Field("", max_length=MAX_TEXT)
    benefit: str = Field("", max_length=MAX_TEXT, description="Required when held")
    values_addressed: list[BritishValueKey] = Field(default_factory=list, max_length=4)
    conditions_met: bool | None = None


class OutcomeOut(Schema):
    held: bool
    attendance: int | None
    conditions_met: bool | None
    issues_raised: str
    benefit: str
    values_addressed: list[BritishValueKey]
    recorded_at: datetime


class RecordedOutcomeOut(Schema):
    id: uuid.UUID
    reference: str
    status: StatusKey
    outcome: OutcomeOut


class SpeakerOut(Schema):
    """A speaker. ``online_presence`` is null for governors and inspectors (need to know)."""

    id: uuid.UUID
    name: str
    organisation: str
    online_presence: str | None
    consent: ConsentKey


class MaterialOut(Schema):
    id: uuid.UUID
    name: str
    content_type: str
    size: int


class RequestOut(Schema):
    """One request: the register row, with check notes for those who may read them."""

    id: uuid.UUID
    reference: str
    kind: KindKey
    status: StatusKey
    title: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    site: str | None
    venue: str
    audience: AudienceKey
    expected_size: int | None
    open_to_public: bool
    recorded_or_streamed: bool
    hirer: str
    purpose: str
    organiser: str
    late: bool
    risk_level: RiskLevelKey | None
    speakers: list[SpeakerOut]
    checks: list[CheckOut]
    decision: SpeakerDecisionOut | None
    outcome: OutcomeOut | None


class RequestPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[RequestOut]
