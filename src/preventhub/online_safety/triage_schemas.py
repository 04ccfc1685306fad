"""API shapes for alerts, their triage, identity activity, police shares and the daily report.
Enumerations are Literal types so the OpenAPI document lists every value; a test checks they
match choices.py."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from preventhub.online_safety.police_export import DEFAULT_ROWS, MAX_ROWS

AlertStatusKey = Literal["open", "acknowledged", "false_positive", "concern_raised"]
SeverityKey = Literal["low", "medium", "high", "critical"]
ActionKey = Literal["allowed", "blocked"]
HitKindKey = Literal["category", "keyword", "vendor_category", "bypass", "filter_failure"]
ConcernCategoryKey = Literal[
    "prevent", "neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "exploitation",
    "domestic_abuse", "mental_health", "bullying", "online_safety", "honour_based", "other",
]  # fmt: skip
IdeologyKey = Literal[
    "", "islamist", "extreme_right_wing", "left_wing", "mixed_unclear", "mass_violence", "incel",
    "other",
]  # fmt: skip


class PersonRefOut(Schema):
    id: uuid.UUID
    name: str
    kind: str


class IdentityOut(Schema):
    id: uuid.UUID
    pseudonym: str
    is_guest: bool
    username: str | None = Field(
        None, description="The user name in the logs: the safeguarding team only (else null)"
    )
    person: PersonRefOut | None = Field(
        None, description="The linked person: the safeguarding team only (else null)"
    )


class AlertConcernRefOut(Schema):
    id: uuid.UUID
    reference: str
    status: str


class AlertOut(Schema):
    id: uuid.UUID
    theme: str
    theme_name: str
    severity: SeverityKey
    status: AlertStatusKey
    is_filter_failure: bool
    is_bypass: bool
    first_seen: datetime
    last_seen: datetime
    hit_count: int
    identity: IdentityOut
    triaged_at: datetime | None
    triage_note: str
    false_positive_reason: str
    concern: AlertConcernRefOut | None


class EventOut(Schema):
    occurred_at: datetime
    action: ActionKey
    host: str
    url: str
    kind: HitKindKey
    matched: str
    search_terms: str
    severity: SeverityKey


class AlertDetailOut(AlertOut):
    events: list[EventOut] = Field(description="The alert's hits, oldest first (at most 200)")


class AlertPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[AlertOut]


class AlertFilters(Schema):
    status: AlertStatusKey | None = None
    severity: SeverityKey | None = None
    theme: str | None = None
    kind: Literal["filter_failure", "bypass"] | None = None
    date_from: str | None = Field(None, description="YYYY-MM-DD: alerts with hits on or after")
    date_to: str | None = Field(None, description="YYYY-MM-DD: alerts with hits on or before")
    page: int = 1


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=2_000)


class FalsePositiveIn(Schema):
    reason: str = Field(max_length=2_000, description="Required: why it is not a concern")


class AlertRaiseConcernIn(Schema):
    category: ConcernCategoryKey = "prevent"
    ideology: IdeologyKey = ""
    description: str | None = Field(
        None, max_length=20_000, description="Default: a summary of the alert's hits"
    )


class LinkPersonIn(Schema):
    person_id: uuid.UUID | None = Field(
        description="A learner or member of staff of the provider; null unlinks"
    )


class HourOut(Schema):
    hour: datetime
    requests: int
    blocked: int


class AlertSiteOut(Schema):
    host: str
    requests: int
    blocked: int


class IdentityActivityOut(Schema):
    identity: IdentityOut
    date_from: date
    date_to: date
    requests: int
    blocked: int
    flagged: int
    alerts: list[uuid.UUID]
    hours: list[HourOut]
    top_sites: list[AlertSiteOut]


class ShareRowOut(Schema):
    domain: str
    attempts: int


class PoliceShareIn(Schema):
    period_start: date
    period_end: date
    recipient: str = Field(max_length=200)
    rows: int = Field(DEFAULT_ROWS, ge=1, le=MAX_ROWS, description="How many sites, most first")
    note: str = Field("", max_length=2_000)


class PoliceShareOut(Schema):
    id: uuid.UUID
    period_start: date
    period_end: date
    recipient: str
    note: str
    shared_at: datetime
    shared_by: str
    rows: list[ShareRowOut]


class DailyReportOut(Schema):
    """Counts and pseudonyms only (see docs/online-safety-alerts.md)."""

    date: str = Field(description="The day reported on (YYYY-MM-DD)")
    has_data: bool
    any_source_sent_logs: bool
    totals: dict[str, int]
    categories: list[dict[str, Any]]
    severities: dict[str, int]
    top_blocked_domains: list[dict[str, Any]]
    repeat_identities: list[dict[str, Any]]
    trend: list[dict[str, Any]]
    compared_with_last_30_days: dict[str, dict[str, Any]]
    alerts: dict[str, int]
    sources: list[dict[str, Any]]


class DailyReportQuery(Schema):
    date: str | None = Field(None, description="YYYY-MM-DD; default yesterday")
