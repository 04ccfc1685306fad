"""Reads for faith and reflection rooms, always through what the user may see.

A record the user may not see is reported as not existing (404), never as forbidden: another
provider's room, someone else's booking for a member of staff, any visit for a governor.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.selectors import CONCERN_NARRATIVES, users_holding
from preventhub.core.models import Provider
from preventhub.premises.choices import UseKind, UseStatus
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.permissions import BOOKERS
from preventhub.premises.services import settings_for

VISIT_NARRATIVES = ("groups_present", "observations", "follow_up")


def _get[M: Room | Booking | MonitoringVisit](queryset: QuerySet[M], pk: Any, what: str) -> M:
    try:
        found: M = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(f"No such {what}.") from exc
    return found


# --- rooms --------------------------------------------------------------------------------------


def rooms_for_user(user: Any, provider: Provider) -> QuerySet[Room]:
    """Every room of the provider (open rooms first) for anyone who may see rooms."""
    if not user.has_perm("premises.view_rooms", provider):
        return Room.objects.for_provider(provider).none()
    return (
        Room.objects.for_provider(provider)
        .select_related("site")
        .order_by("-is_active", "site__name", "name")
    )


def get_room_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Room:
    return _get(rooms_for_user(user, provider).select_related("manager", "provider"), pk, "room")


def manager_choices(provider: Provider) -> QuerySet[User]:
    """Members of staff who may manage a room."""
    users = users_holding(provider, BOOKERS)
    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("first_name", "last_name")


# --- bookings -----------------------------------------------------------------------------------


def bookings_for_user(user: Any, provider: Provider) -> QuerySet[Booking]:
    """Every booking for estates and the safeguarding team and senior leaders; the user's own
    bookings (and sign-ins) for anyone else who books."""
    bookings = Booking.objects.for_provider(provider).select_related("room", "room__site")
    if user.has_perm("premises.view_all_bookings", provider):
        return bookings
    if user.has_perm("premises.book", provider):
        return bookings.filter(recorded_by=user)
    return bookings.none()


def get_booking_to_cancel(user: Any, provider: Provider, pk: uuid.UUID | str) -> Booking:
    """The user's own booking, or any booking for estates (who manage bookings)."""
    bookings: QuerySet[Booking] = Booking.objects.for_provider(provider).select_related("room")
    if not user.has_perm("premises.manage_bookings", provider):
        bookings = bookings.filter(recorded_by=user)
    return _get(bookings, pk, "booking")


def calendar_uses(room: Room, first_day: date, days: int = 7) -> QuerySet[Booking]:
    """The room's active bookings and sign-ins overlapping the ``days`` from ``first_day``."""
    start = start_of(first_day)
    end = start_of(first_day + timedelta(days=days))
    return (
        Booking.objects.for_provider(room.provider_id)
        .filter(room=room, status=UseStatus.ACTIVE, starts_at__lt=end, ends_at__gt=start)
        .order_by("starts_at")
    )


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in UK time."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# --- visits -------------------------------------------------------------------------------------


def visits_for_user(user: Any, provider: Provider) -> QuerySet[MonitoringVisit]:
    if not user.has_perm("premises.view_visits", provider):
        return MonitoringVisit.objects.for_provider(provider).none()
    # A visit shows its concern's reference and status only: the narratives are not decrypted.
    return (
        MonitoringVisit.objects.for_provider(provider)
        .select_related("room", "room__site", "concern")
        .defer(*(f"concern__{name}" for name in CONCERN_NARRATIVES))
    )


def get_visit_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> MonitoringVisit:
    return _get(visits_for_user(user, provider), pk, "monitoring visit")


def awaiting_follow_up(provider: Provider) -> QuerySet[MonitoringVisit]:
    """Visits that found a concern with neither a follow-up nor a concern raised (oldest first).
    Their free text is not read for this list."""
    return (
        MonitoringVisit.objects.for_provider(provider)
        .exclude(concerns=[])
        .filter(followed_up_at__isnull=True, concern__isnull=True)
        .select_related("room", "room__site")
        .defer(*VISIT_NARRATIVES)
        .order_by("visited_at")
    )


@dataclass(frozen=True)
class ConcernLink:
    """What the viewer may know of a concern raised from a visit: its reference and status;
    ``url`` only for those who may read the concern itself (the safeguarding team)."""

    reference: str
    status: str
    url: str


def concern_link(user: Any, visit: MonitoringVisit) -> ConcernLink | None:
    concern = visit.concern
    if concern is None:
        return None
    from django.urls import reverse

    can_read = user.has_perm("concerns.view_concern", concern)
    url = reverse("concerns:detail", kwargs={"pk": concern.pk}) if can_read else ""
    return ConcernLink(concern.reference, concern.get_status_display(), url)


# --- the monitoring rota ------------------------------------------------------------------------


@dataclass(frozen=True)
class RotaRow:
    room: Room
    last_visit: datetime | None
    due_on: date
    days_overdue: int  # > 0 overdue; 0 due today; < 0 due in that many days

    @property
    def never_visited(self) -> bool:
        return self.last_visit is None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def due_in(self) -> int:
        return -self.days_overdue


def rota(provider: Provider, now: datetime | None = None) -> list[RotaRow]:
    """Each open room, the most overdue first: its last visit and when the next is due (the
    settings' interval after the last one; today for a room never visited)."""
    today = timezone.localdate(now or timezone.now())
    interval = settings_for(provider).visit_interval_days
    rooms = (
        Room.objects.for_provider(provider)
        .filter(is_active=True)
        .select_related("site")
        .annotate(last_visit=Max("visits__visited_at"))
    )
    rows = []
    for room in rooms:
        last = room.last_visit  # annotated above
        due = timezone.localdate(last) + timedelta(days=interval) if last else today
        rows.append(RotaRow(room, last, due, (today - due).days))
    return sorted(rows, key=lambda r: (-r.days_overdue, r.room.site.name, r.room.name))


def due_counts(provider: Provider, now: datetime | None = None) -> dict[str, int]:
    rows = rota(provider, now)
    return {
        "due": sum(1 for r in rows if r.days_overdue >= 0),
        "awaiting": awaiting_follow_up(provider).count(),
    }


# --- figures for the overview and the register --------------------------------------------------


@dataclass(frozen=True)
class Period:
    days: int
    start: datetime
    end: datetime


def period_for(provider: Provider, now: datetime | None = None) -> Period:
    now = now or timezone.now()
    days = settings_for(provider).usage_period_days
    return Period(days, now - timedelta(days=days), now)


def uses_in(provider: Provider, period: Period) -> QuerySet[Booking]:
    """Active bookings and sign-ins that started in the period (up to now)."""
    return Booking.objects.for_provider(provider).filter(
        status=UseStatus.ACTIVE, starts_at__gte=period.start, starts_at__lte=period.end
    )


def room_figures(provider: Provider, period: Period) -> dict[Any, dict[str, Any]]:
    """Per room: bookings and sign-ins in the period, visits and visits with concerns in the
    last year, and the last visit — counted in the database, one query per kind of figure."""
    year_ago = period.end - timedelta(days=365)
    figures: dict[Any, dict[str, Any]] = {}
    for row in (
        uses_in(provider, period)
        .values("room_id")
        .annotate(
            bookings=Count("pk", filter=Q(kind=UseKind.BOOKING)),
            sign_ins=Count("pk", filter=Q(kind=UseKind.SIGN_IN)),
        )
        .order_by()
    ):
        figures.setdefault(row["room_id"], {}).update(row)
    for row in (
        MonitoringVisit.objects.for_provider(provider)
        .values("room_id")
        .annotate(
            visits=Count("pk", filter=Q(visited_at__gte=year_ago)),
            with_concerns=Count("pk", filter=Q(visited_at__gte=year_ago) & ~Q(concerns=[])),
            last_visit=Max("visited_at"),
        )
        .order_by()
    ):
        figures.setdefault(row["room_id"], {}).update(row)
    return figures
