"""Faith and reflection rooms API, mounted at /api/v1/premises.

Rooms: everyone who may see rooms lists them (monitoring dates for register readers only);
estates adds them and their usage-policy document. Bookings: staff book and sign groups in
and list their own; estates, senior leaders and the safeguarding team list all. A booking that
overlaps another answers 409; bad input 422. Visits: the monitoring roles record and list them
(a visit dated in the future answers 422), follow them up, and raise a concern from one into
the referral pathway. Findings: the register readers. A record the caller may not see is 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from preventhub.accounts.models import User
from preventhub.api.access import api_requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider, Site
from preventhub.premises.documents import check_policy_upload
from preventhub.premises.filters import BookingFilterSet, VisitFilterSet
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.schemas import (
    BookedOut,
    BookingIn,
    BookingOut,
    BookingPageOut,
    ConcernRefOut,
    DocumentOut,
    FollowUpIn,
    PremisesFindingOut,
    RaiseConcernIn,
    RoomIn,
    RoomOut,
    VisitDetailOut,
    VisitIn,
    VisitOut,
    VisitPageOut,
)
from preventhub.premises.selectors import (
    VISIT_NARRATIVES,
    bookings_for_user,
    get_booking_to_cancel,
    get_room_for_user,
    get_visit_for_user,
    rooms_for_user,
    rota,
    visits_for_user,
)
from preventhub.premises.services import booking_cancel, booking_create, room_create
from preventhub.premises.services import room_policy_document_set as set_document
from preventhub.premises.visit_services import (
    visit_follow_up,
    visit_raise_concern,
    visit_record,
    visit_record_view,
)

router = Router(tags=["premises"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def room_out(room: Room, rota_row: Any = None) -> dict[str, Any]:
    return {
        "id": room.pk,
        "site_id": room.site_id,
        "site": room.site.name,
        "name": room.name,
        "kind": room.kind,
        "location": room.location,
        "capacity": room.capacity,
        "manager": room.manager_name,
        "is_active": room.is_active,
        "has_policy": room.has_policy,
        "policy_document": room.policy_document_name or None,
        "last_visit_at": rota_row.last_visit if rota_row else None,
        "next_visit_due": rota_row.due_on if rota_row else None,
    }


def booking_out(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "room_id": booking.room_id,
        "room": booking.room.name,
        "kind": booking.kind,
        "group_name": booking.group_name,
        "faith_group": booking.faith_group,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "expected_number": booking.expected_number,
        "booked_by_name": booking.booked_by_name,
        "status": booking.status,
    }


def visit_out(visit: MonitoringVisit, *, full: bool = False) -> dict[str, Any]:
    concern = visit.concern
    out: dict[str, Any] = {
        "id": visit.pk,
        "room_id": visit.room_id,
        "room": visit.room.name,
        "visited_at": visit.visited_at,
        "visitor": visit.visitor_name,
        "people_present": visit.people_present,
        "condition": visit.condition,
        "concerns": visit.concerns,
        "followed_up_at": visit.followed_up_at,
        "concern": {"id": concern.pk, "reference": concern.reference, "status": concern.status}
        if concern
        else None,
    }
    if full:
        out |= {
            "groups_present": visit.groups_present,
            "observations": visit.observations,
            "follow_up": visit.follow_up,
        }
    return out


# --- rooms --------------------------------------------------------------------------------------


@router.get("/rooms", response=list[RoomOut], summary="The provider's faith and reflection rooms")
@api_requires("premises.view_rooms")
def list_rooms(request: HttpRequest) -> list[dict[str, Any]]:
    provider = _provider(request)
    readers = request.user.has_perm("premises.view_register", provider)
    rows = {row.room.pk: row for row in rota(provider)} if readers else {}
    return [room_out(room, rows.get(room.pk)) for room in rooms_for_user(request.user, provider)]


@router.post(
    "/rooms",
    response={201: RoomOut},
    summary="Add a room (estates)",
    description="A second room of the same name on the same site answers 409.",
)
@api_requires("premises.manage_rooms")
def create_room(request: HttpRequest, payload: RoomIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    site = Site.objects.for_provider(provider).filter(pk=payload.site_id).first()
    if site is None:
        raise ValidationError({"site_id": "No such site."})
    manager = User.objects.filter(pk=payload.manager_id, is_active=True).first()
    if manager is None:
        raise ValidationError({"manager_id": "No such member of staff."})
    room = room_create(
        actor=request.user,
        provider=provider,
        site=site,
        manager=manager,
        **payload.dict(exclude={"site_id", "manager_id"}),
    )
    return Status(201, room_out(room))


@router.post(
    "/rooms/{room_id}/policy-document",
    response={201: DocumentOut},
    summary="Upload the room's usage-policy document (multipart `file`)",
    description="PDF, Word (.docx) or plain text, checked by content; too large (default "
    "10 MB) or another type answers 422. Replaces any earlier document.",
)
@api_requires("premises.manage_rooms")
def upload_policy(
    request: HttpRequest, room_id: uuid.UUID, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    room = get_room_for_user(request.user, _provider(request), room_id)
    if file is None:
        raise HttpError(422, "Send the file as the multipart field 'file'.")
    room = set_document(actor=request.user, room=room, checked=check_policy_upload(file))
    return Status(
        201,
        {
            "name": room.policy_document_name,
            "content_type": room.policy_document_type,
            "size": room.policy_document_size or 0,
        },
    )


# --- bookings -----------------------------------------------------------------------------------


class BookingFilters(Schema):
    room: uuid.UUID | None = None
    kind: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    group: str | None = None
    page: int = 1


@router.get(
    "/bookings",
    response=BookingPageOut,
    summary="Bookings and sign-ins (all for estates and the safeguarding team; else your own)",
)
@api_requires("premises.book")
def list_bookings(request: HttpRequest, filters: Query[BookingFilters]) -> dict[str, Any]:
    filterset = BookingFilterSet(
        request.GET,
        queryset=bookings_for_user(request.user, _provider(request)).order_by("starts_at"),
        request=request,
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(_page(request))
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [booking_out(b) for b in page.object_list],
    }


@router.post(
    "/rooms/{room_id}/bookings",
    response={201: BookedOut, 200: BookedOut},
    summary="Book a room for a group, or sign a group in",
    description=(
        "A booking overlapping an active booking of the room answers 409 naming each clash; "
        "an end before the start, a booking in the past, a sign-in in the future or more "
        "people than the room holds 422. Repeating an idempotency key answers 200 with the "
        "first bookings."
    ),
)
@api_requires("premises.book")
def create_booking(
    request: HttpRequest, room_id: uuid.UUID, payload: BookingIn
) -> Status[dict[str, Any]]:
    room = get_room_for_user(request.user, _provider(request), room_id)
    data = payload.dict()
    key = data.pop("idempotency_key") or request.headers.get("Idempotency-Key")
    booked = booking_create(actor=request.user, room=room, idempotency_key=key, **data)
    return Status(
        201 if booked.created else 200, {"bookings": [booking_out(b) for b in booked.bookings]}
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response=BookingOut,
    summary="Cancel a booking (your own; estates: any) that has not ended",
    description="A sign-in, an ended or an already cancelled booking answers 409.",
)
@api_requires("premises.book")
def cancel_booking(request: HttpRequest, booking_id: uuid.UUID) -> dict[str, Any]:
    booking = get_booking_to_cancel(request.user, _provider(request), booking_id)
    return booking_out(booking_cancel(actor=request.user, booking=booking))


# --- visits -------------------------------------------------------------------------------------


class VisitFilters(Schema):
    room: uuid.UUID | None = None
    concern: str | None = None
    follow_up: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1


@router.get(
    "/visits",
    response=VisitPageOut,
    summary="Monitoring visits, without their free text (estates, safeguarding, senior leaders)",
)
@api_requires("premises.view_visits")
def list_visits(request: HttpRequest, filters: Query[VisitFilters]) -> dict[str, Any]:
    visits = visits_for_user(request.user, _provider(request)).defer(*VISIT_NARRATIVES)
    filterset = VisitFilterSet(
        request.GET, queryset=visits.order_by("-visited_at"), request=request
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(_page(request))
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [visit_out(v) for v in page.object_list],
    }


@router.get(
    "/visits/{visit_id}",
    response=VisitDetailOut,
    summary="One visit with what was observed (audited)",
)
@api_requires("premises.view_visits")
def get_visit(request: HttpRequest, visit_id: uuid.UUID) -> dict[str, Any]:
    visit = get_visit_for_user(request.user, _provider(request), visit_id)
    visit_record_view(actor=request.user, visit=visit)
    return visit_out(visit, full=True)


@router.post(
    "/rooms/{room_id}/visits",
    response={201: VisitOut, 200: VisitOut},
    summary="Record a monitoring visit",
    description="A visit dated in the future, an unknown condition or concern, or concerns "
    "without observations answer 422.",
)
@api_requires("premises.record_visit")
def create_visit(request: HttpRequest, room_id: uuid.UUID, payload: VisitIn) -> Status[Any]:
    room = get_room_for_user(request.user, _provider(request), room_id)
    data = payload.dict()
    key = data.pop("idempotency_key") or request.headers.get("Idempotency-Key")
    recorded = visit_record(actor=request.user, room=room, idempotency_key=key, **data)
    return Status(201 if recorded.created else 200, visit_out(recorded.visit))


@router.post(
    "/visits/{visit_id}/follow-up",
    response={201: VisitOut},
    summary="Record what was done about a visit's concerns (once)",
    description="A visit without concerns, or already followed up, answers 409.",
)
@api_requires("premises.record_visit")
def follow_up_visit(
    request: HttpRequest, visit_id: uuid.UUID, payload: FollowUpIn
) -> Status[dict[str, Any]]:
    visit = get_visit_for_user(request.user, _provider(request), visit_id)
    visit = visit_follow_up(actor=request.user, visit=visit, text=payload.follow_up)
    return Status(201, visit_out(visit))


@router.post(
    "/visits/{visit_id}/concern",
    response={201: ConcernRefOut},
    summary="Raise a safeguarding concern from this observation (no re-keying)",
    description=(
        "Creates a concern on the referral pathway (subject 'other', the room as the place, the "
        "visit's time, the observation as the description unless one is given) and links it to "
        "the visit. Answers with its reference and status only; a second concern from the same "
        "visit answers 409."
    ),
)
@api_requires("premises.record_visit")
def raise_from_visit(
    request: HttpRequest, visit_id: uuid.UUID, payload: RaiseConcernIn
) -> Status[dict[str, Any]]:
    visit = get_visit_for_user(request.user, _provider(request), visit_id)
    concern = visit_raise_concern(
        actor=request.user,
        visit=visit,
        category=payload.category,
        ideology=payload.ideology,
        description=payload.description,
    )
    return Status(201, {"id": concern.pk, "reference": concern.reference, "status": concern.status})


# --- findings -----------------------------------------------------------------------------------


@router.get(
    "/findings",
    response=list[PremisesFindingOut],
    summary="What the compliance view shows about faith rooms (compliance area 'premises')",
)
@api_requires("premises.view_register")
def list_findings(request: HttpRequest) -> list[dict[str, Any]]:
    return [f.as_dict() for f in findings_for(_provider(request), only=["premises"])]
