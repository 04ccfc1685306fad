"""API shapes for the classification lists. Enumerations are Literal types so the OpenAPI
document lists every value; a test checks they match choices.py."""

from __future__ import annotations

import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

SeverityKey = Literal["low", "medium", "high", "critical"]
MAX_ITEMS = 50_000


class DomainsIn(Schema):
    domains: list[str] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="Domains, e.g. example.test or *.example.test",
    )
    severity: SeverityKey = Field(
        "high", description="Severity of the category when this call creates it"
    )


class DomainsOut(Schema):
    category: str
    created: bool = Field(description="Whether this call created the category")
    severity: SeverityKey = Field(description="The category's severity")
    added: int
    duplicates: int = Field(description="Already in the category, or repeated in the request")


class TermsIn(Schema):
    terms: list[str] = Field(min_length=1, max_length=MAX_ITEMS)
    severity: SeverityKey = "high"
    theme: str = Field(
        "keywords", max_length=60, description="A category key or other theme, e.g. weapons"
    )


class TermsOut(Schema):
    added: int
    duplicates: int = Field(description="Already in the library (kept as they were) or repeated")


class ItemError(Schema):
    item: int = Field(description="Position in the request's list, from 0")
    value: str
    reason: str


class ItemErrorsOut(Schema):
    detail: list[ItemError]


class CategoryOut(Schema):
    id: uuid.UUID
    key: str
    name: str
    severity: SeverityKey
    blocked: bool
    is_bypass: bool
    vendor_codes: list[str]
    domain_count: int
    keyword_count: int


class KeywordOut(Schema):
    id: uuid.UUID
    term: str
    severity: SeverityKey
    theme: str
    weight: int | None
    source: str
