"""API shapes of the Prevent referral and Channel records. Enumerations are Literal so the
OpenAPI document lists their values (the keys of choices.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

ReferralStatusKey = Literal["draft", "sent"]
PersonAwareKey = Literal["yes", "no", "not_yet"]
ChannelStatusKey = Literal[
    "awaiting_screening", "not_progressed", "awaiting_panel", "not_adopted", "adopted", "exited"
]
ScreeningOutcomeKey = Literal["to_panel", "not_progressed", "signposted"]
PanelOutcomeKey = Literal["not_adopted", "adopted", "exited"]
ConsentKey = Literal["given", "refused", "not_yet_sought"]


class FollowUpOut(Schema):
    happened_on: date
    what: str
    by_whom: str


class ChannelReviewOut(Schema):
    held_on: date
    notes: str
    next_review_on: date | None


class ChannelOut(Schema):
    status: ChannelStatusKey
    screened_on: date | None
    screening_outcome: ScreeningOutcomeKey | None
    panel_on: date | None
    panel_outcome: PanelOutcomeKey | None = Field(description="Once the panel has decided")
    consent: ConsentKey
    consent_parental: bool = Field(description="Consent is a parent's or carer's (under 18)")
    consent_recorded_on: date | None
    support_plan: str
    next_review_on: date | None
    exited_on: date | None
    exit_reason: str
    reviews: list[ChannelReviewOut] = Field(description="Newest first")


class ReferralOut(Schema):
    id: str
    concern_id: str
    concern_reference: str
    status: ReferralStatusKey
    how_arose: str
    specific_events: str
    warning_signs: str
    extremism_interest: str
    online_use: str
    concerning_contacts: str
    intent_to_harm: str
    support_needs: str
    conversations: str
    parental_support: str
    agency_involvement: str
    person_aware: PersonAwareKey | None = Field(description="null until answered")
    sent_on: date | None
    sent_to: str
    sent_by: str = Field(description="Name of who sent it; empty while a draft")
    external_reference: str = Field(description="The police or panel reference")
    outcome: str
    follow_ups: list[FollowUpOut] = Field(description="Oldest first")
    channel: ChannelOut | None = Field(description="Channel tracking, if the concern has it")
    created_at: datetime
    updated_at: datetime
