"""API shapes for filtering governance. Enumerations are Literal types so the OpenAPI document
lists every value; a test checks they match choices.py."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

ResponsibilityKindKey = Literal["senior_leader", "governor", "filtering", "monitoring"]
TargetKindKey = Literal["domain", "url", "category"]
DecisionKey = Literal["block", "allow", "unblock_period"]
ReviewItemKey = Literal[
    "risk_profile", "what_blocked", "monitoring", "alerts", "devices", "training"
]
ReviewStatusKey = Literal["awaiting_sign_off", "signed_off"]
CheckResultKey = Literal["blocked", "not_blocked", "could_not_test"]
SubjectKey = Literal["history", "politics", "theology", "public_services", "other"]
RequestStatusKey = Literal["pending", "approved", "refused"]
RequesterKindKey = Literal["learner", "staff"]
RequestDecisionKey = Literal["approve", "refuse"]
ScopeKey = Literal["domain", "url"]


class ResponsibilityIn(Schema):
    kind: ResponsibilityKindKey
    from_date: date
    user_id: int | None = Field(None, description="senior_leader (required) or governor")
    name: str = Field("", description="a governor without an account, or the product's name")
    supplier: str = ""
    notes: str = ""


class ResponsibilityOut(Schema):
    id: uuid.UUID
    kind: ResponsibilityKindKey
    name: str
    user_id: int | None
    supplier: str
    notes: str
    from_date: date
    to_date: date | None


class ResponsibilitiesOut(Schema):
    senior_leader: ResponsibilityOut | None
    governor: ResponsibilityOut | None
    filtering: list[ResponsibilityOut]
    monitoring: list[ResponsibilityOut]
    history: list[ResponsibilityOut]


class FilterDecisionIn(Schema):
    target_kind: TargetKindKey
    target: str = Field(..., max_length=2000)
    decision: DecisionKey
    reason: str = Field(..., max_length=5000)
    until: date | None = Field(None, description="the last day of an unblock_period")
    review_on: date | None = Field(None, description="required for allow")
    idempotency_key: str | None = Field(None, max_length=100)


class FilterDecisionOut(Schema):
    id: uuid.UUID
    target_kind: TargetKindKey
    target: str
    decision: DecisionKey
    reason: str
    until: date | None
    review_on: date | None
    decided_by: str
    decided_at: datetime
    superseded: bool


class DecisionPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[FilterDecisionOut]


class ReviewActionIn(Schema):
    title: str = Field(..., max_length=300)
    owner_id: int | None = None
    due_date: date | None = None
    impact_measure: str = Field("", max_length=2000)


class ReviewIn(Schema):
    reviewed_on: date
    participants: list[str] = Field(..., max_length=30)
    checklist: list[ReviewItemKey]
    item_notes: dict[ReviewItemKey, str] = Field(default_factory=dict)
    findings: str = Field(..., max_length=5000)
    risk_id: uuid.UUID | None = Field(None, description="an online-area risk; needed for actions")
    actions: list[ReviewActionIn] = Field(default_factory=list, max_length=20)


class ReviewActionOut(Schema):
    title: str
    risk_action_id: uuid.UUID | None


class ReviewOut(Schema):
    id: uuid.UUID
    reviewed_on: date
    participants: list[str]
    checklist: list[ReviewItemKey]
    status: ReviewStatusKey
    signed_off_by: str
    signed_off_at: datetime | None
    actions: list[ReviewActionOut]


class ReviewDetailOut(ReviewOut):
    findings: str
    item_notes: dict[str, str]


class SignOffIn(Schema):
    note: str = Field("", max_length=1000)


class DeviceTypeOut(Schema):
    id: uuid.UUID
    name: str
    is_active: bool


class TestUrlOut(Schema):
    __test__ = False

    id: uuid.UUID
    category: str
    url: str
    device_type_ids: list[uuid.UUID]
    is_active: bool


class FilterCheckIn(Schema):
    test_url_id: uuid.UUID
    result: CheckResultKey
    notes: str = Field("", max_length=1000)


class RunIn(Schema):
    device_type_id: uuid.UUID
    run_at: datetime
    checks: list[FilterCheckIn]
    network: str = Field("", max_length=200)
    notes: str = Field("", max_length=1000)
    idempotency_key: str | None = Field(None, max_length=100)


class FilterCheckOut(Schema):
    id: uuid.UUID
    test_url_id: uuid.UUID
    url: str
    category: str
    result: CheckResultKey
    notes: str
    followed_up_at: datetime | None


class RunOut(Schema):
    id: uuid.UUID
    device_type_id: uuid.UUID
    device_type: str
    run_at: datetime
    network: str
    tested_by: str
    checks: list[FilterCheckOut]


class UnblockRequestIn(Schema):
    url: str = Field(..., max_length=2000)
    subject: SubjectKey
    reason: str = Field(..., max_length=2000)
    idempotency_key: str | None = Field(None, max_length=100)


class UnblockRequestOut(Schema):
    id: uuid.UUID
    url: str
    domain: str
    subject: SubjectKey
    requester_kind: RequesterKindKey
    requester: str | None = Field(None, description="only for those who decide, and your own")
    reason: str | None = Field(None, description="only for those who decide, and your own")
    status: RequestStatusKey
    created_at: datetime
    decided_at: datetime | None
    decided_by: str
    decision_reason: str
    approved_until: date | None
    decision_id: uuid.UUID | None


class RequestDecisionIn(Schema):
    decision: RequestDecisionKey
    reason: str = Field(..., max_length=2000)
    until: date | None = Field(None, description="the last day of the unblock (approve)")
    scope: ScopeKey = "domain"


class FilteringFindingOut(Schema):
    code: str
    area: str
    message: str
    why: str
    compliance_area: str
    severity: Literal["red", "amber"]
    url: str
