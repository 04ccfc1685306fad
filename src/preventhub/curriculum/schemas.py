"""API shapes of curriculum coverage, employer communications and learner voice. Enumerations
are Literal types so the OpenAPI document lists every value; a test checks they match
curriculum.choices."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

ActivityKindKey = Literal[
    "lesson", "tutorial", "induction", "enrichment", "apprentice_review", "external_speaker"
]
LoggedKindKey = Literal["lesson", "tutorial", "induction", "enrichment", "apprentice_review"]
BritishValueKey = Literal["democracy", "rule_of_law", "individual_liberty", "mutual_respect"]
PreventTopicKey = Literal[
    "radicalisation", "online_extremism", "critical_media", "hate_crime", "conspiracy",
    "recruitment", "debate", "getting_help",
]  # fmt: skip
MethodKey = Literal[
    "email", "letter", "meeting", "phone", "progress_review", "employer_pack", "briefing"
]
CommunicationTopicKey = Literal[
    "prevent_duty", "british_values", "referral_route", "online_safety", "policy_shared",
    "training_offer",
]  # fmt: skip
SurveyStateKey = Literal["draft", "open", "closed"]
CoverageStatusKey = Literal["all", "some", "none"]
SeverityKey = Literal["red", "amber"]
MAX_TEXT = 5000


class GroupIn(Schema):
    course: str = Field(min_length=1, max_length=200)
    group: str = Field("", max_length=100, description='A group of the course; "" for all of it.')


class ActivityIn(Schema):
    """An activity that took place. ``groups`` name courses and groups of the people register;
    ``all_learners`` instead counts it for every learner. Send an ``idempotency_key`` to make
    a retried request return the first activity (200) rather than a second one."""

    kind: LoggedKindKey
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    values: list[BritishValueKey] = []
    topics: list[PreventTopicKey] = []
    summary: str = Field("", max_length=MAX_TEXT)
    groups: list[GroupIn] = []
    all_learners: bool = False
    idempotency_key: str | None = Field(None, max_length=100)


class CurriculumGroupOut(Schema):
    course: str
    group: str


class ActivityOut(Schema):
    id: uuid.UUID
    kind: ActivityKindKey
    title: str
    held_on: date
    values: list[BritishValueKey]
    topics: list[PreventTopicKey]
    all_learners: bool
    groups: list[CurriculumGroupOut]
    speaker_event_reference: str | None
    logged_by: str


class ActivityPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ActivityOut]


class CoverageRowOut(Schema):
    course: str
    group: str
    learners: int
    activities: int
    values: dict[str, int]
    topics: dict[str, int]
    status: CoverageStatusKey
    gaps: list[BritishValueKey]


class CoverageOut(Schema):
    term: str
    label: str
    first_day: date
    last_day: date
    groups: int
    all_values: int
    some_values: int
    no_values: int
    rows: list[CoverageRowOut]


class EmployerOut(Schema):
    employer: str
    apprentices: int
    last_communicated_on: date | None
    communications: int
    informed_in_last_12_months: bool


class CommunicationIn(Schema):
    employer: str = Field(min_length=1, max_length=200)
    communicated_on: date
    method: MethodKey
    topics: list[CommunicationTopicKey] = Field(min_length=1)
    notes: str = Field("", max_length=MAX_TEXT)
    communicated_by: str = Field("", max_length=200)
    idempotency_key: str | None = Field(None, max_length=100)


class CommunicationOut(Schema):
    id: uuid.UUID
    employer: str
    communicated_on: date
    method: MethodKey
    topics: list[CommunicationTopicKey]
    communicated_by: str


class SurveyOut(Schema):
    id: uuid.UUID
    title: str
    state: SurveyStateKey
    audience_course: str
    audience_site: str | None
    closes_on: date
    questions: list[str]
    responses: int | None = Field(description="None when fewer than 5 (not shown).")


class CellOut(Schema):
    label: str
    responses: int | None
    agree_percent: int | None
    note: str


class QuestionResultOut(Schema):
    question: str
    overall: CellOut
    distribution: dict[str, int]


class BreakdownOut(Schema):
    by: Literal["course", "site"]
    rows: list[list[CellOut]] = Field(
        description="Per segment: its response count cell, then one cell per question."
    )


class SurveyResultsOut(Schema):
    survey: uuid.UUID
    total: CellOut
    questions: list[QuestionResultOut]
    breakdowns: list[BreakdownOut]


class CurriculumFindingOut(Schema):
    code: str
    area: str
    message: str
    why: str
    severity: SeverityKey
    url: str
