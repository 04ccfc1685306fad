"""Concerns API (PRODUCT.md contract): raise, list, read, decide, chronology.

A reporter outside the safeguarding team sees only their own concerns, and of those only the
reference and status. A concern the caller may not see answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.audit.services import audit_record
from preventhub.concerns.models import ChronologyEntry, Concern
from preventhub.concerns.schemas import (
    ChronologyEntryOut,
    ConcernCreatedOut,
    ConcernIn,
    ConcernOut,
    ConcernPageOut,
    ConcernStatusOut,
    DecisionIn,
    DecisionOut,
    StatusKey,
)
from preventhub.concerns.selectors import (
    chronology,
    get_own_concern,
    own_concerns,
    visible_concerns,
)
from preventhub.concerns.services import (
    actor_name,
    concern_decide,
    concern_raise,
    concern_record_view,
)

router = Router(tags=["concerns"])
PAGE_SIZE = 50


def created_out(concern: Concern) -> dict[str, Any]:
    return {"id": str(concern.pk), "reference": concern.reference, "status": concern.status}


@router.post(
    "",
    response={201: ConcernCreatedOut, 200: ConcernCreatedOut},
    summary="Raise a concern",
    description=(
        "Answers 201 with the new concern's id, reference and status. The safeguarding team is "
        "told at once (without the content). Repeating a request with the same idempotency key "
        "(body field or `Idempotency-Key` header) answers 200 with the first concern."
    ),
)
@api_requires("concerns.raise_concern")
def raise_concern(request: HttpRequest, payload: ConcernIn) -> Status[dict[str, Any]]:
    raised = concern_raise(
        actor=request.user,
        provider=request.provider,  # type: ignore[attr-defined]
        subject_type=payload.subject_type,
        subject_name=payload.subject_name,
        category=payload.category,
        ideology=payload.ideology or "",
        indicators=payload.indicators,
        description=payload.description,
        occurred_at=payload.occurred_at,
        location=payload.location,
        immediate_risk=payload.immediate_risk,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key"),
    )
    return Status(201 if raised.created else 200, created_out(raised.concern))


@router.get(
    "",
    response=ConcernPageOut,
    summary="Concerns: all you may see (safeguarding team), or only your own (reporters)",
)
@api_requires("concerns.raise_concern")
def list_concerns(
    request: HttpRequest, status: StatusKey | None = None, page: int = 1
) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    team_view = request.user.has_perm("concerns.view_inbox", provider)
    rows = (
        visible_concerns(request.user, provider)
        if team_view
        else own_concerns(request.user, provider)
    )
    if status:
        rows = rows.filter(status=status)
    rows = rows.order_by("-created_at", "-id").defer("description", "location", "outcome")
    paginator = Paginator(rows, PAGE_SIZE)
    results = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    if team_view and results:
        # Subject names are personal data: the listing is a view of those records.
        audit_record(
            actor=request.user,
            action="view",
            object_type="concerns.concern",
            provider_id=provider.pk,
            detail={"part": "list", "count": len(results), "page": page},
        )
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [_summary(c, team_view) for c in results],
    }


def _summary(concern: Concern, team_view: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": str(concern.pk),
        "reference": concern.reference,
        "status": concern.status,
        "created_at": concern.created_at,
    }
    if team_view:
        row.update(
            subject_type=concern.subject_type,
            subject_name=concern.subject_name,
            category=concern.category,
            ideology=concern.ideology or None,
            immediate_risk=concern.immediate_risk,
            latest_decision=concern.latest_decision or None,
        )
    return row


@router.get(
    "/{concern_id}",
    response={200: ConcernOut | ConcernStatusOut},
    summary="One concern: in full for the safeguarding team, status only for its reporter",
)
@api_requires("concerns.raise_concern")
def get_concern(request: HttpRequest, concern_id: uuid.UUID) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    concern = visible_concerns(request.user, provider).filter(pk=concern_id).first()
    if concern is None:
        own = get_own_concern(request.user, provider, concern_id)  # 404 if not theirs either
        concern_record_view(actor=request.user, concern=own, what="status")
        return {
            **created_out(own),
            "created_at": own.created_at,
            "acknowledged": own.acknowledged_at is not None,
        }
    concern_record_view(actor=request.user, concern=concern, what="case")
    return concern_out(concern)


def concern_out(concern: Concern) -> dict[str, Any]:
    return {
        **created_out(concern),
        "created_at": concern.created_at,
        "reporter": concern.reporter_name,
        "subject_type": concern.subject_type,
        "subject_name": concern.subject_name,
        "subject_person_id": str(concern.subject_person_id) if concern.subject_person_id else None,
        "category": concern.category,
        "ideology": concern.ideology or None,
        "indicators": concern.indicators,
        "description": concern.description,
        "occurred_at": concern.occurred_at,
        "location": concern.location,
        "immediate_risk": concern.immediate_risk,
        "lead": actor_name(concern.lead) if concern.lead_id else None,
        "acknowledged_at": concern.acknowledged_at,
        "first_decision_at": concern.first_decision_at,
        "latest_decision": concern.latest_decision or None,
        "next_review_on": concern.next_review_on.isoformat() if concern.next_review_on else None,
        "closed_at": concern.closed_at,
        "closure_reason": concern.closure_reason or None,
        "outcome": concern.outcome or None,
    }


def _team_concern(request: HttpRequest, concern_id: uuid.UUID) -> Concern:
    provider = request.provider  # type: ignore[attr-defined]
    concern = visible_concerns(request.user, provider).filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern.")
    return concern


@router.post(
    "/{concern_id}/decision",
    response={201: DecisionOut},
    summary="Record a triage or case decision with its rationale (dsl, deputy_dsl)",
    description=(
        "`no_further_action` closes the case. A closed case takes no decision (409): reopen it "
        "first. A decision without a rationale answers 422."
    ),
)
@api_requires("concerns.decide")
def decide(
    request: HttpRequest, concern_id: uuid.UUID, payload: DecisionIn
) -> Status[dict[str, Any]]:
    concern = _team_concern(request, concern_id)
    entry = concern_decide(
        actor=request.user,
        concern=concern,
        decision=payload.decision,
        rationale=payload.rationale,
        informed=payload.informed,
        informed_at=payload.informed_at,
    )
    concern.refresh_from_db(fields=["status"])
    return Status(201, {"concern": created_out(concern), "entry": entry_out(entry)})


@router.get(
    "/{concern_id}/chronology",
    response=list[ChronologyEntryOut],
    summary="The case chronology in time order (every version with include_versions=true)",
)
@api_requires("concerns.view_inbox")
def get_chronology(
    request: HttpRequest, concern_id: uuid.UUID, include_versions: bool = False
) -> list[dict[str, Any]]:
    concern = _team_concern(request, concern_id)
    concern_record_view(actor=request.user, concern=concern, what="chronology")
    entries = chronology(concern, include_superseded=include_versions)
    return [entry_out(e) for e in entries]


def entry_out(entry: ChronologyEntry) -> dict[str, Any]:
    return {
        "id": str(entry.pk),
        "kind": entry.kind,
        "occurred_at": entry.occurred_at,
        "recorded_at": entry.created_at,
        "author": entry.author_name,
        "text": entry.text,
        "decision": entry.decision or None,
        "informed": entry.informed or None,
        "informed_at": entry.informed_at,
        "version": entry.version,
        "first_version_id": str(entry.root_id or entry.pk),
        "superseded": entry.superseded,
    }
