"""API shapes for the people register. Enumerations are Literal so OpenAPI lists their values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

PersonKindKey = Literal["staff", "learner"]
JobCategoryKey = Literal[
    "teaching", "support", "leadership", "estates", "governor", "volunteer", "subcontractor"
]


class PlaceOut(Schema):
    """A site or department of the provider."""

    id: str
    name: str
    code: str


class PersonListOut(Schema):
    id: str
    kind: PersonKindKey
    mis_id: str
    first_name: str
    last_name: str
    preferred_name: str
    full_name: str
    email: str
    site: PlaceOut | None
    department: PlaceOut | None
    job_category: JobCategoryKey | None = Field(description="Staff only; null for learners")
    job_title: str
    course: str
    group_name: str
    apprenticeship_employer: str
    start_date: date | None
    end_date: date | None


class PersonDetailOut(PersonListOut):
    date_of_birth: date | None
    created_at: datetime
    updated_at: datetime
    support_needs: str | None = Field(
        default=None,
        description="Present only when the caller may read support needs (dsl, deputy_dsl).",
    )


class PersonPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[PersonListOut]


class RowErrorOut(Schema):
    row: int = Field(description="Row number in the file; the header row is row 1")
    column: str = Field(description="Column header in the file; empty for the whole row")
    reason: str


class ImportReportOut(Schema):
    kind: PersonKindKey
    dry_run: bool
    ok: bool = Field(description="No row errors and no file errors")
    imported: bool = Field(description="True only when the rows were saved")
    rows: int
    created: int = Field(description="People created (or, in a dry run, that would be)")
    updated: int
    unchanged: int
    mapping: dict[str, str] = Field(description="Field -> column header used")
    errors: list[RowErrorOut]
    file_errors: list[str]


class ImportFailedOut(ImportReportOut):
    detail: str
