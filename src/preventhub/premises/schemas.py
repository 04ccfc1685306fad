"""API shapes for faith and reflection rooms. Enumerations are Literal types so the OpenAPI
document lists every value; a test checks they match choices.py."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

RoomKindKey = Literal["multi_faith", "prayer", "reflection", "chaplaincy"]
UseKindKey = Literal["booking", "sign_in"]
UseStatusKey = Literal["active", "cancelled"]
FaithGroupKey = Literal[
    "not_given", "buddhist", "christian", "hindu", "jewish", "muslim", "sikh", "interfaith",
    "non_religious", "other",
]  # fmt: skip
ConditionKey = Literal["good", "needs_attention", "poor"]
ConcernFlagKey = Literal["exclusion", "segregation", "materials", "condition", "other"]
CategoryKey = Literal[
    "prevent", "neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "exploitation",
    "domestic_abuse", "mental_health", "bullying", "online_safety", "honour_based", "other",
]  # fmt: skip
IdeologyKey = Literal[
    "", "islamist", "extreme_right_wing", "left_wing", "mixed_unclear", "mass_violence", "incel",
    "other",
]  # fmt: skip


class RoomIn(Schema):
    site_id: uuid.UUID = Field(description="One of the provider's sites")
    name: str = Field(max_length=120)
    kind: RoomKindKey
    capacity: int = Field(ge=1, le=2000)
    manager_id: int = Field(description="The user who manages the room (a member of staff here)")
    location: str = Field("", max_length=200)
    usage_policy: str = Field("", max_length=20_000)


class RoomOut(Schema):
    id: uuid.UUID
    site_id: uuid.UUID
    site: str
    name: str
    kind: RoomKindKey
    location: str
    capacity: int
    manager: str
    is_active: bool
    has_policy: bool
    policy_document: str | None = Field(None, description="The document's file name, if any")
    last_visit_at: datetime | None = Field(
        None, description="Register readers only (null for others)"
    )
    next_visit_due: date | None = Field(None, description="Register readers only")


class DocumentOut(Schema):
    name: str
    content_type: str
    size: int


class BookingIn(Schema):
    kind: UseKindKey = "booking"
    group_name: str = Field(max_length=200)
    faith_group: FaithGroupKey = "not_given"
    starts_at: datetime = Field(description="A naive time is UK time")
    ends_at: datetime | None = Field(None, description="Required for a booking")
    expected_number: int = Field(ge=1, le=2000)
    booked_by_name: str = Field("", max_length=200)
    policy_acknowledged: bool = Field(
        False, description="Required (true) when the room has a usage policy"
    )
    repeat_weeks: int = Field(0, ge=0, le=12, description="Bookings only: further weekly copies")
    idempotency_key: str | None = Field(None, max_length=90)


class BookingOut(Schema):
    id: uuid.UUID
    room_id: uuid.UUID
    room: str
    kind: UseKindKey
    group_name: str
    faith_group: FaithGroupKey
    starts_at: datetime
    ends_at: datetime
    expected_number: int
    booked_by_name: str
    status: UseStatusKey


class BookedOut(Schema):
    bookings: list[BookingOut]


class BookingPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[BookingOut]


class VisitIn(Schema):
    visited_at: datetime = Field(description="Not in the future; a naive time is UK time")
    people_present: int = Field(ge=0, le=2000)
    condition: ConditionKey
    concerns: list[ConcernFlagKey] = Field(default_factory=list, max_length=5)
    groups_present: str = Field("", max_length=1000)
    observations: str = Field("", max_length=10_000, description="Required with concerns")
    idempotency_key: str | None = Field(None, max_length=100)


class ConcernRefOut(Schema):
    """What any monitor may know of a concern raised from a visit: reference and status."""

    id: uuid.UUID
    reference: str
    status: str


class VisitOut(Schema):
    id: uuid.UUID
    room_id: uuid.UUID
    room: str
    visited_at: datetime
    visitor: str
    people_present: int
    condition: ConditionKey
    concerns: list[ConcernFlagKey]
    followed_up_at: datetime | None
    concern: ConcernRefOut | None


class VisitDetailOut(VisitOut):
    groups_present: str
    observations: str
    follow_up: str


class VisitPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[VisitOut]


class FollowUpIn(Schema):
    follow_up: str = Field(max_length=10_000)


class RaiseConcernIn(Schema):
    category: CategoryKey
    ideology: IdeologyKey = ""
    description: str | None = Field(
        None, max_length=20_000, description="Default: the visit's observation, as recorded"
    )


class PremisesFindingOut(Schema):
    code: str
    area: str
    message: str
    why: str
    compliance_area: str
    severity: Literal["red", "amber"]
    url: str
