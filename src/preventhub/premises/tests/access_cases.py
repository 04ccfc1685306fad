"""Who may reach each premises page and API operation (merged into the route-access test).

Every object below belongs to the provider under test; another provider's users get 404.
A booking to cancel is someone else's, so only estates (who manage every booking) reach it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.premises.permissions import (
    BOOKERS,
    BOOKING_READERS,
    MONITORS,
    OBSERVATION_READERS,
    REGISTER_READERS,
    ROOM_MANAGERS,
    ROOM_READERS,
    SETTINGS,
)
from preventhub.premises.tests.helpers import book, concerning_visit, make_room, with_document
from preventhub.testing.route_cases import Case

VIEW_ROOMS = frozenset(ROOM_READERS)
BOOK = frozenset(BOOKERS)
MANAGE = frozenset(ROOM_MANAGERS)
READ_BOOKINGS = frozenset(BOOKING_READERS)
REGISTER = frozenset(REGISTER_READERS)
OBSERVATIONS = frozenset(OBSERVATION_READERS)
MONITOR = frozenset(MONITORS)


def _room(p: Provider) -> dict[str, Any]:
    return {"pk": make_room(p, name=f"Room {timezone.now():%H%M%S%f}").pk}


def _room_with_document(p: Provider) -> dict[str, Any]:
    room = make_room(p, name=f"Room {timezone.now():%H%M%S%f}")
    return {"pk": with_document(room).pk}


def _booking(p: Provider) -> dict[str, Any]:
    return {"pk": book(make_room(p, name=f"Room {timezone.now():%H%M%S%f}")).pk}


def _visit(p: Provider) -> dict[str, Any]:
    return {"pk": concerning_visit(make_room(p, name=f"Room {timezone.now():%H%M%S%f}")).pk}


def _fmt(p: Provider) -> dict[str, Any]:
    return {"fmt": "csv"}


PAGES: dict[str, Case] = {
    "premises:rooms": Case(VIEW_ROOMS),
    "premises:room_new": Case(MANAGE),
    "premises:room_detail": Case(VIEW_ROOMS, kwargs=_room, object_bound=True),
    "premises:room_edit": Case(MANAGE, kwargs=_room, object_bound=True),
    "premises:room_policy": Case(VIEW_ROOMS, kwargs=_room_with_document, object_bound=True),
    "premises:calendar": Case(VIEW_ROOMS, kwargs=_room, object_bound=True),
    "premises:booking_new": Case(BOOK, kwargs=_room, object_bound=True),
    "premises:bookings": Case(BOOK),
    "premises:booking_cancel": Case(
        MANAGE, method="POST", kwargs=_booking, ok=(302,), object_bound=True
    ),
    "premises:rota": Case(REGISTER),
    "premises:visit_new": Case(MONITOR, kwargs=_room, object_bound=True),
    "premises:visits": Case(OBSERVATIONS),
    "premises:visit_detail": Case(OBSERVATIONS, kwargs=_visit, object_bound=True),
    "premises:visit_follow_up": Case(MONITOR, kwargs=_visit, object_bound=True),
    "premises:visit_concern": Case(MONITOR, kwargs=_visit, object_bound=True),
    "premises:overview": Case(REGISTER),
    "premises:settings": Case(frozenset(SETTINGS)),
    "premises:rooms_export": Case(REGISTER, kwargs=_fmt),
    "premises:bookings_export": Case(READ_BOOKINGS, kwargs=_fmt),
    "premises:visits_export": Case(OBSERVATIONS, kwargs=_fmt),
}


def _room_id(p: Provider) -> dict[str, Any]:
    return {"room_id": _room(p)["pk"]}


def _booking_id(p: Provider) -> dict[str, Any]:
    return {"booking_id": _booking(p)["pk"]}


def _visit_id(p: Provider) -> dict[str, Any]:
    return {"visit_id": _visit(p)["pk"]}


def _new_room(p: Provider) -> dict[str, Any]:
    from preventhub.premises.tests.helpers import estates_user, site_of

    return {
        "site_id": str(site_of(p).pk),
        "name": f"Quiet room {timezone.now():%H%M%S%f}",
        "kind": "reflection",
        "capacity": 10,
        "manager_id": estates_user(p).pk,
    }


def _new_booking(p: Provider) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=2)
    return {
        "group_name": "Chaplaincy lunch",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "expected_number": 5,
        "policy_acknowledged": True,
    }


def _new_visit(p: Provider) -> dict[str, Any]:
    return {
        "visited_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "people_present": 3,
        "condition": "good",
    }


BASE = "/api/v1/premises"
API: dict[tuple[str, str], Case] = {
    ("GET", BASE + "/rooms"): Case(VIEW_ROOMS),
    ("POST", BASE + "/rooms"): Case(MANAGE, data=_new_room, ok=(201,)),
    # Without a multipart file the room managers get 422; the file is tested in test_api.
    ("POST", BASE + "/rooms/{room_id}/policy-document"): Case(MANAGE, kwargs=_room_id, ok=(422,)),
    ("GET", BASE + "/bookings"): Case(BOOK),
    ("POST", BASE + "/rooms/{room_id}/bookings"): Case(
        BOOK, kwargs=_room_id, data=_new_booking, ok=(201,)
    ),
    ("POST", BASE + "/bookings/{booking_id}/cancel"): Case(MANAGE, kwargs=_booking_id),
    ("GET", BASE + "/visits"): Case(OBSERVATIONS),
    ("GET", BASE + "/visits/{visit_id}"): Case(OBSERVATIONS, kwargs=_visit_id),
    ("POST", BASE + "/rooms/{room_id}/visits"): Case(
        MONITOR, kwargs=_room_id, data=_new_visit, ok=(201,)
    ),
    ("POST", BASE + "/visits/{visit_id}/follow-up"): Case(
        MONITOR, kwargs=_visit_id, data=lambda p: {"follow_up": "Spoke to the officers."}, ok=(201,)
    ),
    ("POST", BASE + "/visits/{visit_id}/concern"): Case(
        MONITOR, kwargs=_visit_id, data=lambda p: {"category": "prevent"}, ok=(201,)
    ),
    ("GET", BASE + "/findings"): Case(REGISTER),
}
