"""Speakers API (PRODUCT.md contract): request, checks, decision, outcome, and the register.

``router`` is mounted at /speaker-requests and ``register_router`` at the API root (it serves
/speaker-register). Organisers see their own requests; the speaker coordinator, senior leaders
and the safeguarding team see all; governors and inspectors read the register without the
notes on checks. A request the caller may not see answers 404; the wrong role for the risk
level answers 403 with the rule; an illegal move (deciding twice, an outcome before the event)
409; bad input 422.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import File, Router, Status, UploadedFile
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider, Site
from preventhub.speakers import services
from preventhub.speakers.choices import RequestKind
from preventhub.speakers.models import (
    Check,
    EventOutcome,
    EventRequest,
    RequestDecision,
    RequestSpeaker,
)
from preventhub.speakers.register_filters import RegisterFilterSet
from preventhub.speakers.schemas import (
    CheckIn,
    CheckOut,
    DecidedOut,
    MaterialOut,
    OutcomeIn,
    RecordedOutcomeOut,
    RequestCreatedOut,
    RequestIn,
    RequestOut,
    RequestPageOut,
    SpeakerDecisionIn,
    StatusKey,
)
from preventhub.speakers.selectors import get_request_for_user, register, visible_requests

router = Router(tags=["speakers"])
register_router = Router(tags=["speakers"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _visible(request: HttpRequest, request_id: uuid.UUID) -> EventRequest:
    return get_request_for_user(request.user, _provider(request), request_id)


def created_out(req: EventRequest) -> dict[str, Any]:
    return {
        "id": req.pk,
        "reference": req.reference,
        "status": req.status,
        "kind": req.kind,
        "late": req.late,
    }


# --- requesting ----------------------------------------------------------------------------


@router.post(
    "",
    response={201: RequestCreatedOut, 200: RequestCreatedOut},
    summary="Request an external speaker or event (or, kind=letting, book premises)",
    description=(
        "Answers 201 with the new request's id, reference and status. Inside the notice period "
        "(default 10 working days) `late_reason` is required and a senior leader decides it. "
        "Repeating a request with the same idempotency key (body field or `Idempotency-Key` "
        "header) answers 200 with the first request. A start in the past, an end before the "
        "start or an unknown enumeration value answers 422."
    ),
)
@api_requires("speakers.request")
def create_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    if payload.kind == RequestKind.LETTING.value and not request.user.has_perm(
        "speakers.manage_lettings", provider
    ):
        raise HttpError(403, "Lettings are booked by estates and the speaker managers.")
    speakers = [
        services.SpeakerIn(s.name, s.organisation, s.online_presence)
        for s in [_first_speaker(payload), *payload.more_speakers]
        if s is not None
    ]
    submitted = services.request_submit(
        actor=request.user,
        provider=provider,
        kind=payload.kind,
        title=payload.event_title,
        topic=payload.topic,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        site=_site(provider, payload.site_id),
        venue=payload.venue,
        audience=payload.audience,
        expected_size=payload.expected_size,
        open_to_public=payload.open_to_public,
        recorded_or_streamed=payload.recorded_or_streamed,
        speakers=speakers,
        hirer=payload.hirer,
        hirer_contact=payload.hirer_contact,
        purpose=payload.purpose,
        late_reason=payload.late_reason,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key"),
    )
    return Status(201 if submitted.created else 200, created_out(submitted.request))


def _first_speaker(payload: RequestIn) -> Any:
    if not payload.speaker_name.strip():
        return None
    return services.SpeakerIn(payload.speaker_name, payload.organisation, payload.online_presence)


def _site(provider: Provider, site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site: Site | None = Site.objects.for_provider(provider).filter(pk=site_id).first()
    if site is None:
        raise ValidationError({"site_id": "No such site."})
    return site


@router.post(
    "/{request_id}/materials",
    response={201: MaterialOut},
    summary="Add materials supplied in advance (multipart `file`)",
    description=(
        "PDF, image, Word, Excel or plain text, checked by content; larger than "
        "SPEAKER_MATERIAL_MAX_BYTES (default 20 MB) answers 422. Stored encrypted."
    ),
)
@api_requires("speakers.request")
def add_material(
    request: HttpRequest, request_id: uuid.UUID, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    req = _visible(request, request_id)
    if file is None:
        raise HttpError(422, "Send the file as the multipart field 'file'.")
    material = services.material_add(
        actor=request.user, request=req, checked=services.check_material(file)
    )
    return Status(
        201,
        {
            "id": material.pk,
            "name": material.original_name,
            "content_type": material.content_type,
            "size": material.size,
        },
    )


# --- checks, decision, outcome -------------------------------------------------------------------


@router.post(
    "/{request_id}/checks",
    response={201: CheckOut},
    summary="Record a check (speaker coordinator, safeguarding team)",
    description=(
        "`consent_refused` marks the speaker (or, with no `speaker_id`, every speaker) as "
        "refusing consent: the request can then only be refused. A withdrawn or finished "
        "request takes no checks (409)."
    ),
)
@api_requires("speakers.check")
def record_check(
    request: HttpRequest, request_id: uuid.UUID, payload: CheckIn
) -> Status[dict[str, Any]]:
    req = _visible(request, request_id)
    speaker = None
    if payload.speaker_id is not None:
        link = req.speakers.select_related("speaker").filter(speaker_id=payload.speaker_id).first()
        if link is None:
            raise ValidationError({"speaker_id": "That speaker is not on this request."})
        speaker = link.speaker
    check = services.check_record(
        actor=request.user,
        request=req,
        kind=payload.kind,
        outcome=payload.outcome,
        notes=payload.notes,
        speaker=speaker,
    )
    return Status(201, check_out(check, notes=True))


@router.post(
    "/{request_id}/decision",
    response={201: DecidedOut},
    summary="Decide a request: approve, approve with conditions, or refuse",
    description=(
        "Who may decide depends on the risk level (settings; by default the speaker "
        "coordinator up to medium, a senior leader for high) and a late request is decided by a "
        "senior leader: anyone else gets 403 naming the rule. Approval needs the minimum checks "
        "and no speaker refusing consent (422). A decided request is re-opened before it is "
        "decided again (409)."
    ),
)
@api_requires("speakers.decide")
def decide(
    request: HttpRequest, request_id: uuid.UUID, payload: SpeakerDecisionIn
) -> Status[dict[str, Any]]:
    req = _visible(request, request_id)
    listed = payload.conditions if isinstance(payload.conditions, list) else []
    words = payload.conditions if isinstance(payload.conditions, str) else ""
    detail = "\n".join(t for t in (words.strip(), payload.conditions_detail.strip()) if t)
    try:
        row = services.request_decide(
            actor=request.user,
            request=req,
            decision=payload.decision,
            risk_level=payload.risk_level,
            rationale=payload.rationale,
            conditions=listed,
            conditions_detail=detail,
            risk_reasons=payload.risk_reasons,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "You may not decide this request.") from exc
    req.refresh_from_db()
    return Status(201, {**_status(req), "decision": decision_out(row, full=True)})


@router.post(
    "/{request_id}/outcome",
    response={201: RecordedOutcomeOut},
    summary="Record what happened at the event (its organiser, or a speaker manager)",
    description=(
        "After the event starts (before: 409), once (again: 409). `attendance` and `benefit` "
        "are required when it was held."
    ),
)
@api_requires("speakers.request")
def record_outcome(
    request: HttpRequest, request_id: uuid.UUID, payload: OutcomeIn
) -> Status[dict[str, Any]]:
    req = _visible(request, request_id)
    recorded = services.outcome_record(
        actor=request.user,
        request=req,
        held=payload.held,
        attendance=payload.attendance,
        conditions_met=payload.conditions_met,
        issues_raised=payload.issues_raised,
        benefit=payload.benefit,
        values_addressed=payload.values_addressed,
    )
    req.refresh_from_db()
    return Status(201, {**_status(req), "outcome": outcome_out(recorded)})


def _status(req: EventRequest) -> dict[str, Any]:
    return {"id": req.pk, "reference": req.reference, "status": req.status}


# --- reading -------------------------------------------------------------------------------------


@router.get(
    "",
    response=RequestPageOut,
    summary="Requests: all (speaker managers) or your own (organisers)",
)
@api_requires("speakers.request")
def list_requests(
    request: HttpRequest, status: StatusKey | None = None, page: int = 1
) -> dict[str, Any]:
    provider = _provider(request)
    rows = visible_requests(request.user, provider)
    if status:
        rows = rows.filter(status=status)
    return _page(request, rows.order_by("-starts_at", "-created_at"), page, "requests")


@router.get("/{request_id}", response=RequestOut, summary="One request")
@api_requires("speakers.request")
def get_request(request: HttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    req = _visible(request, request_id)
    shape = _shape(request)
    with transaction.atomic():
        services.request_record_view(actor=request.user, request=req, check_notes=shape.notes)
    return request_out(
        _with_parts(visible_requests(request.user, req.provider)).get(pk=req.pk), shape
    )


@register_router.get(
    "/speaker-register",
    response=RequestPageOut,
    summary="The central register of speakers, events and lettings",
    description=(
        "Every request at the provider, newest event first, with speakers, checks, the decision "
        "in force and the outcome. Governors and inspectors get no notes on checks (null). "
        "Filters: the register page's (date_from, date_to, status, risk_level, kind, speaker, "
        "reference, late, site)."
    ),
)
@api_requires("speakers.view_register")
def speaker_register(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    provider = _provider(request)
    filters = RegisterFilterSet(request.GET, queryset=register(provider), request=request)
    if not filters.is_valid():
        raise HttpError(422, _filter_errors(filters))
    return _page(request, filters.qs, page, "register")


def _filter_errors(filters: Any) -> str:
    return " ".join(f"{field}: {' '.join(errors)}" for field, errors in filters.errors.items())


# --- shaping ------------------------------------------------------------------------------------


class Shape:
    """What the caller may read: check notes (managers), the checks and reasoning at all
    (managers and register readers; not an organiser reading their own request), and the
    speakers' online presence (everyone but governors and inspectors)."""

    def __init__(self, notes: bool, reasoning: bool, personal: bool) -> None:
        self.notes = notes
        self.reasoning = reasoning
        self.personal = personal


def _shape(request: HttpRequest) -> Shape:
    provider = _provider(request)
    has = request.user.has_perm
    return Shape(
        notes=bool(has("speakers.view_check_notes", provider)),
        reasoning=bool(has("speakers.manage", provider) or has("speakers.view_register", provider)),
        personal=bool(has("speakers.manage", provider) or has("speakers.request", provider)),
    )


def _with_parts(rows: QuerySet[EventRequest]) -> QuerySet[EventRequest]:
    """Requests with speakers, checks, decision in force and outcome: five queries a page."""
    # prefetch_related(None) drops the register's own prefetch of the speakers.
    return (
        rows.select_related("site", "outcome")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("speakers", RequestSpeaker.unscoped.select_related("speaker")),
            Prefetch("checks", Check.unscoped.order_by("created_at")),
            Prefetch(
                "decisions",
                RequestDecision.unscoped.filter(superseded=False).order_by("-created_at"),
                to_attr="decisions_in_force",
            ),
        )
    )


def _page(
    request: HttpRequest, rows: QuerySet[EventRequest], page: int, part: str
) -> dict[str, Any]:
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    paginator = Paginator(_with_parts(rows), PAGE_SIZE)
    results = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    shape = _shape(request)
    if results:
        audit_record(
            actor=request.user,
            action="view",
            object_type="speakers.eventrequest",
            provider_id=_provider(request).pk,
            detail={"part": part, "count": len(results), "page": page, "notes": shape.notes},
        )
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [request_out(r, shape) for r in results],
    }


def request_out(req: EventRequest, shape: Shape) -> dict[str, Any]:
    decisions: list[RequestDecision] = getattr(req, "decisions_in_force", [])
    try:
        outcome: EventOutcome | None = req.outcome
    except EventOutcome.DoesNotExist:
        outcome = None
    return {
        "id": req.pk,
        "reference": req.reference,
        "kind": req.kind,
        "status": req.status,
        "title": req.title,
        "topic": req.topic,
        "starts_at": req.starts_at,
        "ends_at": req.ends_at,
        "site": req.site.name if req.site else None,
        "venue": req.venue,
        "audience": req.audience,
        "expected_size": req.expected_size,
        "open_to_public": req.open_to_public,
        "recorded_or_streamed": req.recorded_or_streamed,
        "hirer": req.hirer,
        "purpose": req.purpose,
        "organiser": req.organiser_name,
        "late": req.late,
        "risk_level": req.risk_level or None,
        "speakers": [
            {
                "id": link.speaker_id,
                "name": link.speaker.name,
                "organisation": link.speaker.organisation,
                "online_presence": link.speaker.online_presence if shape.personal else None,
                "consent": link.consent,
            }
            for link in req.speakers.all()
        ],
        "checks": [check_out(c, notes=shape.notes) for c in req.checks.all()]
        if shape.reasoning
        else [],
        "decision": decision_out(decisions[0], full=shape.reasoning) if decisions else None,
        "outcome": outcome_out(outcome) if outcome else None,
    }


def check_out(check: Check, *, notes: bool) -> dict[str, Any]:
    return {
        "id": check.pk,
        "kind": check.kind,
        "outcome": check.outcome,
        "notes": check.notes if notes else None,
        "speaker_id": check.speaker_id,
        "checked_by": check.checked_by_name,
        "checked_at": check.created_at,
    }


def decision_out(row: RequestDecision, *, full: bool) -> dict[str, Any]:
    return {
        "decision": row.decision,
        "risk_level": row.risk_level,
        "risk_reasons": row.risk_reasons if full else None,
        "conditions": row.conditions,
        "conditions_detail": row.conditions_detail,
        "rationale": row.rationale if full else None,
        "decided_by": row.decided_by_name,
        "decided_as": row.decided_as,
        "decided_at": row.created_at,
    }


def outcome_out(outcome: EventOutcome) -> dict[str, Any]:
    return {
        "held": outcome.held,
        "attendance": outcome.attendance,
        "conditions_met": outcome.conditions_met,
        "issues_raised": outcome.issues_raised,
        "benefit": outcome.benefit,
        "values_addressed": outcome.values_addressed,
        "recorded_at": outcome.created_at,
    }
