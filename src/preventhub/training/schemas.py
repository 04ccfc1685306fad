"""API shapes of the training module (PRODUCT.md: POST /training/courses, POST /training/records,
GET /training/compliance). Enumerations are Literal types so the OpenAPI document lists every
value; a test checks they match choices.py."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

ModeKey = Literal["online", "face_to_face", "blended"]
SourceKey = Literal["manual", "session", "import", "api"]
StatusKey = Literal["compliant", "due_soon", "overdue", "never_trained"]
ByKey = Literal["person", "role", "job_category", "department", "site"]
JobCategoryKey = Literal[
    "teaching", "support", "leadership", "estates", "governor", "volunteer", "subcontractor"
]


class CourseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    mode: ModeKey
    delivered_by: str = Field("", max_length=200, description="Who provides it, e.g. Home Office")
    duration_minutes: int | None = Field(None, ge=1, le=14_400)
    validity_months: int | None = Field(
        None, ge=1, le=120, description="How long a completion counts; empty: it does not lapse"
    )
    audience: str = Field("", max_length=300)
    learning_outcomes: str = Field("", max_length=5000)
    counts_as: list[uuid.UUID] = Field(
        default_factory=list,
        description="Courses a completion of this one also satisfies (ids from the catalogue)",
    )


class CourseOut(Schema):
    id: uuid.UUID
    title: str
    mode: ModeKey
    delivered_by: str
    duration_minutes: int | None
    validity_months: int | None
    audience: str
    learning_outcomes: str
    counts_as: list[uuid.UUID]
    active: bool


class RecordIn(Schema):
    """Name the member of staff by ``person_id`` (from GET /people) or by ``email``."""

    course_id: uuid.UUID
    completed_on: date = Field(description="Not in the future")
    person_id: uuid.UUID | None = None
    email: str | None = Field(None, max_length=254)
    trainer: str = Field("", max_length=200)
    certificate_id: str = Field("", max_length=100)


class RecordOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    course_id: uuid.UUID
    completed_on: date
    source: SourceKey
    trainer: str
    certificate_id: str


class CountsOut(Schema):
    people: int = Field(description="Staff with at least one training requirement")
    compliant: int
    due_soon: int
    overdue: int
    never_trained: int
    in_date_percent: int | None = Field(description="Compliant or due soon, as a percentage")


class TrainingGroupOut(Schema):
    key: str = Field(description="Role or staff-group key, department or site id, or 'none'")
    label: str
    suppressed: bool = Field(
        description="Fewer than 3 people, shown without counts to governors and inspectors"
    )
    counts: CountsOut | None


class RequirementStatusOut(Schema):
    course_id: uuid.UUID
    course: str
    status: StatusKey
    last_completed: date | None
    due_on: date | None = Field(description="When it lapses (or lapsed), or the induction deadline")


class PersonComplianceOut(Schema):
    person_id: uuid.UUID
    name: str
    email: str
    job_category: JobCategoryKey | None
    department: str | None
    site: str | None
    status: StatusKey
    requirements: list[RequirementStatusOut]


class ComplianceOut(Schema):
    as_of: date
    by: ByKey
    totals: CountsOut
    groups: list[TrainingGroupOut] = Field(
        description="For by=role, job_category, department or site"
    )
    people: list[PersonComplianceOut] = Field(description="For by=person, one page")
    count: int = Field(description="by=person: the number of people (all pages)")
    page: int
    pages: int
