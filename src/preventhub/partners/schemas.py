"""API shapes of partnership working. Enumerations are Literal types so the OpenAPI document
lists every value; a test checks they match partners.choices."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

PartnerKindKey = Literal[
    "police_prevent", "la_prevent_coordinator", "dfe_coordinator", "channel_panel",
    "safeguarding_partnership", "jisc", "etf", "community_group", "subcontractor", "employer",
    "other",
]  # fmt: skip
EngagementKindKey = Literal[
    "meeting", "forum", "training", "intelligence_received", "intelligence_shared"
]
LawfulBasisKey = Literal[
    "public_task", "legal_obligation", "vital_interests", "legitimate_interests", "contract",
    "consent",
]  # fmt: skip
SpecialConditionKey = Literal[
    "art9_safeguarding", "art9_preventing_crime", "art9_statutory", "art9_vital_interests",
    "art9_explicit_consent", "art9_health_social_care", "art9_legal_claims",
    "art10_criminal_offence",
]  # fmt: skip
AgreementStatusKey = Literal["not_yet_signed", "in_force", "expiring", "expired"]
AssuranceCheckKey = Literal[
    "safeguarding_policy", "named_lead", "staff_training", "dbs_checks", "risk_assessment",
    "it_filtering", "referral_route", "site_visit",
]  # fmt: skip
SeverityKey = Literal["red", "amber"]
ComplianceAreaKey = Literal[
    "leadership", "risk_assessment", "partnership", "training", "online_safety", "premises",
    "resilience",
]  # fmt: skip


class ContactOut(Schema):
    id: uuid.UUID
    name: str
    role: str
    email: str
    phone: str


class PartnerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: PartnerKindKey
    description: str = Field("", max_length=2000)
    website: str = Field("", max_length=200)


class PartnerOut(Schema):
    id: uuid.UUID
    name: str
    kind: PartnerKindKey
    active: bool
    description: str
    website: str
    contacts: list[ContactOut]


class PartnerPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[PartnerOut]


class EngagementIn(Schema):
    occurred_on: date = Field(description="The day it happened; not in the future")
    kind: EngagementKindKey
    partner_id: uuid.UUID
    agreement_id: uuid.UUID | None = Field(
        None, description="The information-sharing agreement it was under, if any"
    )
    summary: str = Field(
        min_length=1, max_length=200, description="One line everyone with access reads: no names"
    )
    details: str = Field("", max_length=20_000, description="Encrypted; managers only")
    idempotency_key: str | None = Field(
        None,
        max_length=100,
        description="Send the same key again and the first entry is returned (200) instead of "
        "a second one being made.",
    )


class EngagementOut(Schema):
    id: uuid.UUID
    occurred_on: date
    kind: EngagementKindKey
    partner_id: uuid.UUID
    partner: str
    agreement_id: uuid.UUID | None
    agreement: str | None
    agreement_in_force: bool
    summary: str
    details: str | None = Field(description="Null for readers who may not see the details")
    recorded_by: str


class EngagementPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[EngagementOut]


class AgreementIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    partner_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)
    scope: str = Field(min_length=1, max_length=20_000)
    lawful_basis: LawfulBasisKey
    special_category: bool = False
    criminal_offence: bool = False
    special_conditions: list[SpecialConditionKey] = Field(default_factory=list, max_length=10)
    basis_note: str = Field("", max_length=5000)
    signed_on: date | None = None
    review_on: date | None = Field(None, description="Required once signed; not before signing")


class PartyOut(Schema):
    id: uuid.UUID
    name: str
    kind: PartnerKindKey


class AgreementOut(Schema):
    id: uuid.UUID
    title: str
    partners: list[PartyOut]
    scope: str
    lawful_basis: LawfulBasisKey
    special_category: bool
    criminal_offence: bool
    special_conditions: list[SpecialConditionKey]
    basis_note: str
    signed_on: date | None
    review_on: date | None
    status: AgreementStatusKey
    document_name: str | None


class AgreementPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[AgreementOut]


class AssuranceOut(Schema):
    partner_id: uuid.UUID
    partner: str
    assured_on: date | None
    prevent_awareness_confirmed: bool | None
    checks: list[AssuranceCheckKey]
    due_on: date | None
    overdue: bool


class PartnerFindingOut(Schema):
    code: str
    area: str
    message: str
    why: str
    compliance_area: ComplianceAreaKey
    severity: SeverityKey
    url: str


class FindingsOut(Schema):
    count: int
    findings: list[PartnerFindingOut]
