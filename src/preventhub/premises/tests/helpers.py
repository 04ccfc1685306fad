"""Rooms, bookings and visits made through the services, for the premises tests (and the
route-access table)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider, Site
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.services import booking_create, room_create, room_policy_document_set
from preventhub.premises.visit_services import visit_record
from preventhub.testing.factories import SiteFactory, UserFactory, grant

PDF = b"%PDF-1.4\n% room policy\n" + b"0" * 64
POLICY = "Open to everyone of any faith or none. Book ahead; no segregation imposed on others."


def estates_user(provider: Provider) -> Any:
    return grant(UserFactory(first_name="Dariusz", last_name="Nowak"), provider, Role.ESTATES)


def site_of(provider: Provider) -> Site:
    site: Site | None = Site.objects.for_provider(provider).order_by("name").first()
    return site or SiteFactory(provider=provider, name="Town Centre Campus")


def make_room(provider: Provider, actor: Any = None, **overrides: Any) -> Room:
    actor = actor or estates_user(provider)
    fields: dict[str, Any] = {
        "site": site_of(provider),
        "name": "Multi-faith room",
        "kind": "multi_faith",
        "capacity": 20,
        "manager": actor,
        "location": "Block C, second floor",
        "usage_policy": POLICY,
    }
    fields.update(overrides)
    return room_create(actor=actor, provider=provider, **fields)


def with_document(room: Room, actor: Any = None) -> Room:
    return room_policy_document_set(
        actor=actor, room=room, checked=CheckedFile("policy.pdf", "application/pdf", PDF)
    )


def at(days: int, hour: int = 12, minute: int = 0) -> datetime:
    """``days`` from today at ``hour``:``minute`` UK time."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def book(
    room: Room, actor: Any = None, *, days: int = 3, hour: int = 12, **overrides: Any
) -> Booking:
    actor = actor or grant(UserFactory(), room.provider, Role.STAFF)
    fields: dict[str, Any] = {
        "kind": "booking",
        "group_name": "Islamic Society",
        "faith_group": "muslim",
        "starts_at": at(days, hour),
        "ends_at": at(days, hour + 1),
        "expected_number": 12,
        "policy_acknowledged": True,
    }
    fields.update(overrides)
    return booking_create(actor=actor, room=room, **fields).first


def sign_in(room: Room, actor: Any = None, **overrides: Any) -> Booking:
    fields: dict[str, Any] = {
        "kind": "sign_in",
        "group_name": "Christian Union",
        "faith_group": "christian",
        "starts_at": timezone.now() - timedelta(hours=1),
        "ends_at": None,
        "expected_number": 8,
    }
    fields.update(overrides)
    return book(room, actor, **fields)


def visit(room: Room, actor: Any = None, **overrides: Any) -> MonitoringVisit:
    actor = actor or estates_user(room.provider)
    fields: dict[str, Any] = {
        "visited_at": timezone.now() - timedelta(hours=2),
        "people_present": 6,
        "condition": "good",
        "concerns": [],
        "groups_present": "Islamic Society",
        "observations": "",
    }
    fields.update(overrides)
    return visit_record(actor=actor, room=room, **fields).visit


def concerning_visit(room: Room, actor: Any = None, **overrides: Any) -> MonitoringVisit:
    fields: dict[str, Any] = {
        "concerns": ["segregation", "exclusion"],
        "observations": "Women were told to use the back half only; two girls were turned away.",
        "people_present": 15,
    }
    fields.update(overrides)
    return visit(room, actor, **fields)
