"""What the compliance view must show about faith and reflection rooms, registered with
``core.findings`` as the source "premises" (compliance area "premises").

Rules (the settings give N, the period and the follow-up days; defaults 14, 28 and 3):

- ``room_not_monitored`` (red): an open room with no monitoring visit in the last N days,
  or never visited.
- ``usage_unknown`` (red): people were seen in an open room on visits in the period, but the
  room has neither a booking nor a sign-in in it: nobody knows who uses the room.
- ``usage_without_bookings`` (amber): groups signed in to an open room in the period, but it
  has no booking in it: use is recorded only after the event, never planned.
- ``concern_not_followed_up``: a visit found a concern and has neither a follow-up nor a
  concern raised from it: amber for the first follow-up days, red after.
- ``room_without_policy`` (amber): an open room with neither a usage-policy text nor document.
- ``room_without_manager`` (amber): an open room whose manager's account is gone or disabled.
- ``no_rooms_recorded`` (amber): no room is recorded and no decision not to have one is.

Messages name rooms, sites, dates and kinds of concern: never a person, never observations.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.premises.choices import SHORT_FLAG_LABELS, ConcernFlag, UseKind, UseStatus
from preventhub.premises.models import Booking, MonitoringVisit, PremisesSettings, Room
from preventhub.premises.services import settings_for

AREA = ComplianceArea.PREMISES
MODULE_AREA = "faith_rooms"

WHY_MONITORED = (
    "Ofsted found a multi-faith room whose use 'was not monitored enough by staff': it was "
    "dominated by one group, which permitted gender segregation."
)
WHY_UNKNOWN = (
    "In Ofsted's case study the room 'was used every day, but staff did not know who was "
    "using the room'."
)
WHY_BOOKINGS = (
    "Booking ahead lets staff plan supervision and see whether one group dominates the room; "
    "sign-ins alone record use only after it has happened."
)
WHY_FOLLOW_UP = (
    "A concern seen on a visit (exclusion, imposed segregation, materials of concern) must reach "
    "someone who acts on it, or the monitoring changes nothing."
)
WHY_POLICY = (
    "Ofsted expects 'widely available policies for the use of prayer rooms and other "
    "faith-related facilities'."
)
WHY_MANAGER = "A room nobody is responsible for is a room nobody monitors."
WHY_NO_ROOMS = (
    "Inspectors ask about faith facilities; providers without one record that decision, "
    "usually after asking learners whether they want one."
)


def premises_findings(provider: Any, now: datetime) -> list[Finding]:
    current = settings_for(provider)
    rooms = list(
        Room.objects.for_provider(provider)
        .filter(is_active=True)
        .select_related("site", "manager")
        .annotate(last_visit=Max("visits__visited_at"))
    )
    if not rooms:
        return list(_no_rooms(provider, current))
    return [
        *_unmonitored(rooms, current, now),
        *_usage(provider, rooms, current, now),
        *_not_followed_up(provider, current, now),
        *_upkeep(rooms),
    ]


def _where(room: Room) -> str:
    return f"{room.name} ({room.site.name})"


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _no_rooms(provider: Any, current: PremisesSettings) -> Iterable[Finding]:
    if current.no_rooms_reason:
        return
    yield Finding(
        "no_rooms_recorded",
        "No faith or reflection room is recorded, and no decision not to have one.",
        WHY_NO_ROOMS,
        AREA,
        MODULE_AREA,
        Severity.AMBER,
        reverse("premises:rooms"),
    )


def _unmonitored(rooms: list[Room], current: PremisesSettings, now: datetime) -> Iterable[Finding]:
    days = current.visit_interval_days
    cutoff = now - timedelta(days=days)
    for room in rooms:
        last = room.last_visit  # type: ignore[attr-defined]  # annotated
        if last is not None and last >= cutoff:
            continue
        since = (
            "has never had a monitoring visit"
            if last is None
            else f"has had no monitoring visit since {_day(last)}"
        )
        yield Finding(
            "room_not_monitored",
            f"{_where(room)} {since} (the rota asks for one every {days} days).",
            WHY_MONITORED,
            AREA,
            MODULE_AREA,
            Severity.RED,
            reverse("premises:rota"),
        )


def _usage(
    provider: Any, rooms: list[Room], current: PremisesSettings, now: datetime
) -> Iterable[Finding]:
    start = now - timedelta(days=current.usage_period_days)
    uses = {
        row["room_id"]: row
        for row in Booking.objects.for_provider(provider)
        .filter(status=UseStatus.ACTIVE, starts_at__gte=start, starts_at__lte=now)
        .values("room_id")
        .annotate(
            bookings=Count("pk", filter=Q(kind=UseKind.BOOKING)),
            sign_ins=Count("pk", filter=Q(kind=UseKind.SIGN_IN)),
        )
        .order_by()
    }
    seen = set(
        MonitoringVisit.objects.for_provider(provider)
        .filter(visited_at__gte=start, visited_at__lte=now, people_present__gt=0)
        .values_list("room_id", flat=True)
    )
    period = f"in the last {current.usage_period_days} days"
    for room in rooms:
        row = uses.get(room.pk, {"bookings": 0, "sign_ins": 0})
        if row["bookings"]:
            continue
        if row["sign_ins"]:
            yield Finding(
                "usage_without_bookings",
                f"Groups signed in to {_where(room)} {row['sign_ins']} time"
                f"{'s' if row['sign_ins'] != 1 else ''} {period}, but it has no booking.",
                WHY_BOOKINGS,
                AREA,
                MODULE_AREA,
                Severity.AMBER,
                reverse("premises:calendar", kwargs={"pk": room.pk}),
            )
        elif room.pk in seen:
            yield Finding(
                "usage_unknown",
                f"People were seen using {_where(room)} {period}, but it has no booking or "
                "sign-in: who uses it is not known.",
                WHY_UNKNOWN,
                AREA,
                MODULE_AREA,
                Severity.RED,
                reverse("premises:calendar", kwargs={"pk": room.pk}),
            )


def _not_followed_up(provider: Any, current: PremisesSettings, now: datetime) -> Iterable[Finding]:
    late = now - timedelta(days=current.follow_up_days)
    visits = (
        MonitoringVisit.objects.for_provider(provider)
        .exclude(concerns=[])
        .filter(followed_up_at__isnull=True, concern__isnull=True, room__is_active=True)
        .select_related("room", "room__site")
        .defer("groups_present", "observations", "follow_up")
        .order_by("visited_at")
    )
    for visit in visits:
        kinds = ", ".join(
            SHORT_FLAG_LABELS[ConcernFlag(f)].lower()
            for f in visit.concerns
            if f in SHORT_FLAG_LABELS
        )
        yield Finding(
            "concern_not_followed_up",
            f"A monitoring visit to {_where(visit.room)} on {_day(visit.visited_at)} found "
            f"concerns ({kinds}) that have not been followed up.",
            WHY_FOLLOW_UP,
            AREA,
            MODULE_AREA,
            Severity.RED if visit.visited_at < late else Severity.AMBER,
            reverse("premises:visit_detail", kwargs={"pk": visit.pk}),
        )


def _upkeep(rooms: list[Room]) -> Iterable[Finding]:
    for room in rooms:
        url = reverse("premises:room_detail", kwargs={"pk": room.pk})
        if not room.has_policy:
            yield Finding(
                "room_without_policy",
                f"{_where(room)} has no usage policy.",
                WHY_POLICY,
                AREA,
                MODULE_AREA,
                Severity.AMBER,
                url,
            )
        if room.manager is None or not room.manager.is_active:
            yield Finding(
                "room_without_manager",
                f"{_where(room)} has no current manager.",
                WHY_MANAGER,
                AREA,
                MODULE_AREA,
                Severity.AMBER,
                url,
            )
