"""API shapes of the policy register. Enumerations are Literal types so the OpenAPI document
lists every value; a test checks they match policies.choices."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

PolicyTypeKey = Literal[
    "safeguarding", "external_speakers", "it_acceptable_use", "estates", "faith_facilities",
    "lettings", "whistleblowing", "complaints", "staff_code_of_conduct",
    "learner_code_of_conduct", "governor_code_of_conduct", "volunteer_code_of_conduct",
    "equality",
]  # fmt: skip
PolicyStatusKey = Literal["draft", "published", "retired"]
PreventAnswerKey = Literal["yes", "no"]
ReviewKey = Literal["overdue", "soon"]


class PolicyIn(Schema):
    policy_type: PolicyTypeKey
    title: str = Field(min_length=1, max_length=200)
    version: str = Field(min_length=1, max_length=30)
    owner_id: int | None = Field(None, description="A user who works at the provider")
    status: PolicyStatusKey = "draft"
    approved_on: date | None = Field(None, description="Required to publish")
    review_on: date | None = Field(None, description="Required to publish; not before approval")
    refers_to_prevent: PreventAnswerKey | None = Field(
        None, description="The owner's answer; null leaves it to the document's detection"
    )
    acknowledgement_required: bool = False


class PolicyOut(Schema):
    id: uuid.UUID
    policy_type: PolicyTypeKey
    title: str
    version: str
    owner: str | None
    owner_id: int | None
    status: PolicyStatusKey
    approved_on: date | None
    review_on: date | None
    review_overdue: bool
    refers_to_prevent: PreventAnswerKey | None = Field(description="The owner's answer")
    prevent_detected: bool | None = Field(
        description="Found in the document's text (null: no document read)"
    )
    detected_terms: list[str]
    related_terms: list[str]
    refers_effectively: bool = Field(description="The owner's answer, else the detection")
    document_name: str | None
    acknowledgement_required: bool


class PolicyPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[PolicyOut]
