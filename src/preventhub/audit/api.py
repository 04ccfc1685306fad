"""Audit trail API: the same events, filters and scoping as the page, as JSON."""

from __future__ import annotations

from datetime import date, datetime
from math import ceil
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.audit.filters import AuditEventFilter
from preventhub.audit.selectors import VIEW_TRAIL, audit_events_for_user

PAGE_SIZE = 50

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor_id: int | None
    actor_label: str
    ip: str | None
    action: str
    object_type: str
    object_id: str
    changed_fields: list[str]
    detail: dict[str, Any]
    prev_hash: str
    hash: str


class AuditEventPageOut(Schema):
    count: int = Field(description="Events matching the filters, on every page")
    page: int
    pages: int
    page_size: int
    items: list[AuditEventOut]


class AuditEventQuery(Schema):
    actor: str | None = Field(None, description="Part of the actor's username")
    action: str | None = None
    object_type: str | None = Field(None, description="e.g. people.person")
    object_id: str | None = None
    date_from: date | None = Field(None, description="First day included (UK time)")
    date_to: date | None = Field(None, description="Last day included (UK time)")
    page: int = Field(1, ge=1)

    def filter_data(self) -> dict[str, str]:
        values = self.model_dump(exclude={"page"}, exclude_none=True)
        return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in values.items()}


@router.get(
    "/events",
    response=AuditEventPageOut,
    summary="Audit events at the caller's provider, newest first (dsl and admin)",
)
@api_requires(VIEW_TRAIL)
def list_events(request: HttpRequest, query: Query[AuditEventQuery]) -> dict[str, Any]:
    events = audit_events_for_user(request.user, request.provider)  # type: ignore[attr-defined]
    filterset = AuditEventFilter(query.filter_data(), queryset=events)
    if not filterset.is_valid():
        raise HttpError(422, _error_text(filterset))
    return page_of(filterset.qs, query.page)


def page_of(events: Any, page: int) -> dict[str, Any]:
    count = events.count()
    start = (page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": page,
        "pages": max(1, ceil(count / PAGE_SIZE)),
        "page_size": PAGE_SIZE,
        "items": list(events[start : start + PAGE_SIZE]),
    }


def _error_text(filterset: AuditEventFilter) -> str:
    return " ".join(f"{name}: {' '.join(errs)}" for name, errs in filterset.errors.items())
