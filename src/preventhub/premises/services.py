"""Writes for faith and reflection rooms: rooms and their policy, bookings and sign-ins, and
the module's settings. Monitoring visits are in ``visit_services``.

Every service validates (a clear error naming the field, nothing written), saves, and writes
its audit row in the same transaction. Audit rows name fields, never their values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.attachments import CheckedFile, delete_stored, store_encrypted
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider, Site
from preventhub.premises.choices import FaithGroup, RoomKind, UseKind, UseStatus
from preventhub.premises.models import Booking, PremisesSettings, Room
from preventhub.premises.permissions import BOOKERS

MAX_NAME = 120
MAX_SHORT = 200
MAX_POLICY = 20_000
MAX_CAPACITY = 2_000
MAX_NUMBER = 2_000
MAX_REPEAT_WEEKS = 12
MAX_BOOKING_HOURS = 12
BOOK_AHEAD_DAYS = 366
SIGN_IN_BACK_DAYS = 366
# Clocks on phones drift: a time "in the future" by less than this is taken as now.
CLOCK_SKEW = timedelta(minutes=5)
ROOM_FIELDS = ("site", "name", "kind", "location", "capacity", "usage_policy", "manager")


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


def local_text(moment: datetime) -> str:
    """'Friday 6 March 2026, 12:30' in UK time, for messages."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F Y')}, {local:%H:%M}"


# --- validation ---------------------------------------------------------------------------------


class Collected:
    """Runs each field's check and keeps every error, so a form shows them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def take(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except ValidationError as exc:
            self.add(exc)
            return None

    def add(self, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            self.errors.setdefault(field, []).extend(messages)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def clean_text(value: Any, field: str, *, required: str = "", limit: int = MAX_SHORT) -> str:
    """Stripped text; ``required`` is the message when it is empty (empty: optional)."""
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def clean_choice(value: Any, field: str, choices: type[Any], what: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"Unknown {what}: {value}. Choose one of the list."})
    return str(value)


def clean_number(value: Any, field: str, *, low: int, high: int, what: str) -> int:
    if value is None or value == "":
        raise ValidationError({field: f"Enter {what}."})
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: f"Enter {what} as a whole number."}) from exc
    if not low <= number <= high:
        raise ValidationError({field: f"Enter {what} from {low} to {high:,}."})
    return number


def clean_site(provider: Provider, site: Site | None) -> Site:
    if site is None:
        raise ValidationError({"site": "Choose the site the room is on."})
    if site.provider_id != provider.pk:
        raise ValidationError({"site": "No such site at this provider."})
    return site


def clean_manager(provider: Provider, manager: Any) -> Any:
    if manager is None:
        raise ValidationError({"manager": "Choose who manages the room."})
    if not (roles_for(manager, provider) & set(BOOKERS)) or not manager.is_active:
        raise ValidationError({"manager": "The manager must be a member of staff here."})
    return manager


def aware(value: datetime | None, field: str, message: str) -> datetime:
    if value is None:
        raise ValidationError({field: message})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# --- settings -----------------------------------------------------------------------------------


def settings_for(provider: Provider) -> PremisesSettings:
    found, _ = PremisesSettings.objects.get_or_create(provider=provider)
    return found


def settings_update(
    *,
    actor: Any,
    provider: Provider,
    visit_interval_days: Any,
    usage_period_days: Any,
    follow_up_days: Any,
    no_rooms_reason: str = "",
) -> PremisesSettings:
    values = {
        "visit_interval_days": clean_number(
            visit_interval_days, "visit_interval_days", low=1, high=365, what="the days"
        ),
        "usage_period_days": clean_number(
            usage_period_days, "usage_period_days", low=7, high=366, what="the days"
        ),
        "follow_up_days": clean_number(
            follow_up_days, "follow_up_days", low=1, high=60, what="the days"
        ),
        "no_rooms_reason": clean_text(no_rooms_reason, "no_rooms_reason", limit=500),
    }
    with transaction.atomic():
        current = settings_for(provider)
        changed = [k for k, v in values.items() if getattr(current, k) != v]
        if values["no_rooms_reason"] != current.no_rooms_reason:
            current.no_rooms_recorded_on = (
                timezone.localdate() if values["no_rooms_reason"] else None
            )
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            provider_id=provider.pk,
            changed_fields=changed,
        )
    return current


# --- rooms --------------------------------------------------------------------------------------


def _room_values(provider: Provider, values: dict[str, Any]) -> dict[str, Any]:
    checks = Collected()
    manager = checks.take(clean_manager, provider, values.get("manager"))
    cleaned = {
        "site": checks.take(clean_site, provider, values.get("site")),
        "name": checks.take(
            clean_text,
            values.get("name"),
            "name",
            required="Enter the room's name.",
            limit=MAX_NAME,
        ),  # fmt: skip
        "kind": checks.take(clean_choice, values.get("kind"), "kind", RoomKind, "kind of room"),
        "location": checks.take(clean_text, values.get("location"), "location"),
        "capacity": checks.take(
            clean_number,
            values.get("capacity"),
            "capacity",
            low=1,
            high=MAX_CAPACITY,
            what="how many it holds",
        ),  # fmt: skip
        "usage_policy": checks.take(
            clean_text, values.get("usage_policy"), "usage_policy", limit=MAX_POLICY
        ),
        "manager": manager,
        "manager_name": actor_name(manager),
    }
    checks.raise_any()
    return cleaned


def _refuse_duplicate(provider: Provider, site: Site, name: str, room: Room | None) -> None:
    same = Room.objects.for_provider(provider).filter(site=site, name__iexact=name)
    if room is not None:
        same = same.exclude(pk=room.pk)
    if same.exists():
        raise ConflictError({"name": f"{site.name} already has a room called {name}."})


def room_create(
    *, actor: Any, provider: Provider, document: CheckedFile | None = None, **values: Any
) -> Room:
    """Record a room (``site``, ``name``, ``kind``, ``capacity``, ``manager``, and optionally
    ``location``, ``usage_policy`` and a policy ``document``)."""
    cleaned = _room_values(provider, values)
    stored = ""
    try:
        with transaction.atomic():
            _refuse_duplicate(provider, cleaned["site"], cleaned["name"], None)
            room = Room(provider=provider, **cleaned)
            if document is not None:
                stored = _attach(room, document)
            try:
                with transaction.atomic():
                    room.save()
            except IntegrityError as exc:  # a concurrent twin won the race
                raise ConflictError({"name": "That room has just been added."}) from exc
            audit_record(
                actor=actor,
                action="create",
                obj=room,
                changed_fields=[*ROOM_FIELDS, *(["policy_document"] if document else [])],
            )
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return room


def room_update(*, actor: Any, room: Room, **values: Any) -> Room:
    provider = room.provider
    cleaned = _room_values(provider, values)
    with transaction.atomic():
        locked: Room = (
            Room.objects.for_provider(room.provider_id).select_for_update().get(pk=room.pk)
        )
        _refuse_duplicate(provider, cleaned["site"], cleaned["name"], locked)
        changed = [k for k, v in cleaned.items() if getattr(locked, k) != v and k != "manager_name"]
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, changed_fields=changed)
    return locked


def room_set_active(*, actor: Any, room: Room, active: bool) -> Room:
    """Close a room no longer used (it leaves the rota; its history stays), or reopen it."""
    with transaction.atomic():
        locked: Room = (
            Room.objects.for_provider(room.provider_id).select_for_update().get(pk=room.pk)
        )
        if locked.is_active == active:
            return locked
        if not active and _future_bookings(locked).exists():
            raise ConflictError(
                {"is_active": "Cancel the room's future bookings before closing it."}
            )
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=locked,
            changed_fields=["is_active"],
            detail={"active": active},
        )
    return locked


def _future_bookings(room: Room) -> Any:
    return Booking.objects.for_provider(room.provider_id).filter(
        room=room, kind=UseKind.BOOKING, status=UseStatus.ACTIVE, ends_at__gt=timezone.now()
    )


def _attach(room: Room, checked: CheckedFile) -> str:
    storage_name = store_encrypted(room.provider_id, checked)
    room.policy_document_name = checked.name
    room.policy_document_type = checked.content_type
    room.policy_document_size = len(checked.content)
    room.policy_document_sha256 = checked.sha256
    room.policy_document_storage = storage_name
    return storage_name


def room_policy_document_set(*, actor: Any, room: Room, checked: CheckedFile) -> Room:
    """Store (or replace) the room's usage-policy document; the old file goes once committed."""
    stored = ""
    try:
        with transaction.atomic():
            locked: Room = (
                Room.objects.for_provider(room.provider_id).select_for_update().get(pk=room.pk)
            )
            old = locked.policy_document_storage
            stored = _attach(locked, checked)
            locked.save()
            audit_record(
                actor=actor,
                action="update",
                obj=locked,
                changed_fields=["policy_document"],
                detail={"size": locked.policy_document_size, "replaced": bool(old)},
            )
            if old:
                transaction.on_commit(lambda: delete_stored(old))
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return locked


# --- bookings and sign-ins ----------------------------------------------------------------------


@dataclass(frozen=True)
class Booked:
    """The bookings made (one, or a weekly series); ``created`` is False for a repeat of a
    submission already recorded (same idempotency key), which returns the first bookings."""

    bookings: list[Booking]
    created: bool

    @property
    def first(self) -> Booking:
        return self.bookings[0]


@dataclass(frozen=True)
class _Slot:
    starts_at: datetime
    ends_at: datetime


def _times(kind: str, starts_at: Any, ends_at: Any, now: datetime) -> _Slot:
    start = aware(starts_at, "starts_at", "Enter when it starts.")
    if ends_at is None and kind == UseKind.SIGN_IN:
        end = start + timedelta(hours=1)
    else:
        end = aware(ends_at, "ends_at", "Enter when it ends.")
    if end <= start:
        raise ValidationError({"ends_at": "The end must be after the start."})
    if end - start > timedelta(hours=MAX_BOOKING_HOURS):
        raise ValidationError(
            {"ends_at": f"A booking can last at most {MAX_BOOKING_HOURS} hours: book each day."}
        )
    if kind == UseKind.BOOKING:
        if end <= now:
            raise ValidationError(
                {"starts_at": "A booking cannot be in the past: sign the group in instead."}
            )
        if start > now + timedelta(days=BOOK_AHEAD_DAYS):
            raise ValidationError({"starts_at": "Book at most a year ahead."})
    else:
        if start > now + CLOCK_SKEW:
            raise ValidationError(
                {
                    "starts_at": "A sign-in records a group already there: its start cannot be "
                    "in the future. Book the room instead."
                }  # fmt: skip
            )
        if start < now - timedelta(days=SIGN_IN_BACK_DAYS):
            raise ValidationError({"starts_at": "Enter a sign-in within the last year."})
    return _Slot(start, end)


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError({field: message})


def _clean_booking(room: Room, values: dict[str, Any], now: datetime) -> dict[str, Any]:
    checks = Collected()
    kind = checks.take(clean_choice, values.get("kind"), "kind", UseKind, "kind of use")
    booking = kind != UseKind.SIGN_IN
    slot = checks.take(
        _times, kind or UseKind.BOOKING, values.get("starts_at"), values.get("ends_at"), now
    )
    what = "how many people" + (" are expected" if booking else " are there")
    number = checks.take(
        clean_number, values.get("expected_number"), "expected_number", low=1, high=MAX_NUMBER,
        what=what,
    )  # fmt: skip
    if booking and number is not None:
        checks.take(
            _require, number <= room.capacity, "expected_number",
            f"{room.name} holds {room.capacity}; {number} are expected. Choose a larger room or "
            "split the group.",
        )  # fmt: skip
    checks.take(
        _require, bool(values.get("policy_acknowledged")) or not room.has_policy,
        "policy_acknowledged",
        "Confirm that the group has read the room's usage policy and will follow it.",
    )  # fmt: skip
    repeat = checks.take(
        clean_number, values.get("repeat_weeks") or 0, "repeat_weeks", low=0,
        high=MAX_REPEAT_WEEKS, what="the number of further weeks",
    )  # fmt: skip
    checks.take(
        _require, not repeat or booking, "repeat_weeks", "Only a booking can repeat weekly."
    )
    cleaned = {
        "kind": kind,
        "slot": slot,
        "repeat": repeat,
        "group_name": checks.take(
            clean_text,
            values.get("group_name"),
            "group_name",
            required="Enter the group or society's name.",
        ),  # fmt: skip
        "faith_group": checks.take(
            clean_choice,
            values.get("faith_group") or FaithGroup.NOT_GIVEN,
            "faith_group",
            FaithGroup,
            "faith group",
        ),  # fmt: skip
        "expected_number": number,
        "booked_by_name": checks.take(clean_text, values.get("booked_by_name"), "booked_by_name"),
        "policy_acknowledged": bool(values.get("policy_acknowledged")),
    }
    checks.raise_any()
    return cleaned


def booking_check(*, room: Room, now: datetime | None = None, **values: Any) -> None:
    """Validate a booking without making it (a form shows these errors with its own)."""
    _clean_booking(room, values, now or timezone.now())


def _occurrences(slot: _Slot, repeat: int) -> list[_Slot]:
    """The slot and its weekly repeats, each at the same UK wall-clock time (across a change
    between GMT and BST)."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    found = []
    for week in range(repeat + 1):
        shift = timedelta(weeks=week)
        found.append(
            _Slot(
                timezone.make_aware((start + shift).replace(tzinfo=None)),
                timezone.make_aware((end + shift).replace(tzinfo=None)),
            )
        )
    return found


def clashes(room: Room, slots: Sequence[_Slot]) -> list[str]:
    """Each clash of ``slots`` with an active booking of the room, as a sentence."""
    if not slots:
        return []
    overlap = Q()
    for slot in slots:
        overlap |= Q(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
    taken = (
        Booking.objects.for_provider(room.provider_id)
        .filter(room=room, kind=UseKind.BOOKING, status=UseStatus.ACTIVE)
        .filter(overlap)
        .order_by("starts_at")
        .only("starts_at", "ends_at", "group_name")
    )
    return [
        f"{room.name} is already booked on {local_text(b.starts_at)} to "
        f"{timezone.localtime(b.ends_at):%H:%M} ({b.group_name})."
        for b in taken
    ]


def _existing(room: Room, actor: Any, key: str) -> list[Booking]:
    return list(
        Booking.objects.for_provider(room.provider_id)
        .filter(recorded_by=actor)
        .filter(Q(idempotency_key=key) | Q(idempotency_key__startswith=f"{key}#"))
        .order_by("starts_at")
    )


def booking_create(
    *,
    actor: Any,
    room: Room,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    **values: Any,
) -> Booked:
    """Book the room for a group (``kind="booking"``, optionally repeating weekly for up to 12
    more weeks) or sign a group in (``kind="sign_in"``, now or earlier).

    A booking overlapping an active booking of the room is refused (``ConflictError`` listing
    each clash), all-or-nothing for a series. The room is locked while checking, so two people
    booking the same slot at once cannot both succeed.
    """
    now = now or timezone.now()
    key = (idempotency_key or "").strip()[:90] or None
    if key and actor is not None and (existing := _existing(room, actor, key)):
        return Booked(existing, created=False)
    cleaned = _clean_booking(room, values, now)
    slots = _occurrences(cleaned.pop("slot"), cleaned.pop("repeat"))
    booked_by = cleaned["booked_by_name"] or actor_name(actor)
    with transaction.atomic():
        locked: Room = (
            Room.objects.for_provider(room.provider_id).select_for_update().get(pk=room.pk)
        )
        if not locked.is_active:
            raise ValidationError({"room": f"{room.name} is closed: it cannot be booked."})
        if cleaned["kind"] == UseKind.BOOKING and (found := clashes(room, slots)):
            raise ConflictError({"starts_at": found})
        series = uuid.uuid4() if len(slots) > 1 else None
        made = [
            _save_booking(room, actor, cleaned, slot, booked_by, series, key, index)
            for index, slot in enumerate(slots)
        ]
    return Booked(made, created=True)


def _save_booking(
    room: Room,
    actor: Any,
    cleaned: dict[str, Any],
    slot: _Slot,
    booked_by: str,
    series: uuid.UUID | None,
    key: str | None,
    index: int,
) -> Booking:
    booking = Booking.unscoped.create(
        provider_id=room.provider_id,
        room=room,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        recorded_by=actor,
        series=series,
        idempotency_key=(key if index == 0 else f"{key}#{index}") if key else None,
        **{**cleaned, "booked_by_name": booked_by},
    )
    audit_record(
        actor=actor,
        action="create",
        obj=booking,
        changed_fields=[
            "kind",
            "group_name",
            "faith_group",
            "starts_at",
            "ends_at",
            "expected_number",
            "booked_by_name",
            "policy_acknowledged",
        ],  # fmt: skip
        detail={"kind": booking.kind, "room": str(room.pk), "in_series": series is not None},
    )
    return booking


def booking_cancel(*, actor: Any, booking: Booking, now: datetime | None = None) -> Booking:
    """Cancel a booking that has not ended. A sign-in records use that happened: it stays."""
    now = now or timezone.now()
    with transaction.atomic():
        locked: Booking = (
            Booking.objects.for_provider(booking.provider_id).select_for_update().get(pk=booking.pk)
        )
        if locked.kind == UseKind.SIGN_IN:
            raise ConflictError("A sign-in records use that happened: it cannot be cancelled.")
        if locked.status == UseStatus.CANCELLED:
            raise ConflictError("This booking is already cancelled.")
        if locked.ends_at <= now:
            raise ConflictError("This booking has ended: it stays on the record.")
        locked.status = UseStatus.CANCELLED
        locked.cancelled_at = now
        locked.cancelled_by = actor
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])
        audit_record(
            actor=actor, action="update", obj=locked, changed_fields=["status", "cancelled_at"]
        )
    return locked


def export_recorded(*, actor: Any, provider: Provider, what: str, fmt: str, rows: int) -> None:
    """A download of a register (who took which rows, in which format)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="export",
            object_type=f"premises.{what}",
            provider_id=provider.pk,
            detail={"format": fmt, "rows": rows},
        )
