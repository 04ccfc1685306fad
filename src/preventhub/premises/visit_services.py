"""Writes for monitoring visits: record a visit, follow up what it found, and raise a concern
from it into the referral pathway without re-keying.

A visit is never dated in the future. A visit that finds a concern (exclusion, segregation
imposed on others, materials of concern, the room's condition, anything else) is open until it
is followed up: either what was done is recorded, or a safeguarding concern is raised from it
through ``concerns.services.concern_raise`` (subject "other", the room as the place, the visit's
time as when it happened, the observation as the description). The concern's id is kept on the
visit; the observer, like any reporter, then sees only its reference and status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.concerns.choices import Category, SubjectType
from preventhub.concerns.models import Concern
from preventhub.concerns.selectors import users_holding
from preventhub.concerns.services import concern_raise
from preventhub.core.errors import ConflictError
from preventhub.notifications.services import notify
from preventhub.premises.choices import ConcernFlag, Condition
from preventhub.premises.models import MonitoringVisit, Room
from preventhub.premises.services import (
    CLOCK_SKEW,
    MAX_NUMBER,
    Collected,
    actor_name,
    aware,
    clean_choice,
    clean_number,
    clean_text,
    local_text,
)

MAX_OBSERVATIONS = 10_000
MAX_GROUPS = 1_000
VISIT_BACK_DAYS = 366
VISIT_FIELDS = [
    "visited_at", "people_present", "groups_present", "concerns", "condition", "observations",
]  # fmt: skip


@dataclass(frozen=True)
class Recorded:
    visit: MonitoringVisit
    created: bool


def clean_visited_at(value: datetime | None, now: datetime) -> datetime:
    when = aware(value, "visited_at", "Enter when you visited.")
    if when > now + CLOCK_SKEW:
        raise ValidationError({"visited_at": "A monitoring visit cannot be dated in the future."})
    if when < now - timedelta(days=VISIT_BACK_DAYS):
        raise ValidationError({"visited_at": "Enter a visit within the last year."})
    return min(when, now)


def clean_flags(values: Sequence[str], condition: str) -> list[str]:
    chosen = list(dict.fromkeys(str(v) for v in values))
    unknown = [v for v in chosen if v not in ConcernFlag.values]
    if unknown:
        raise ValidationError({"concerns": f"Unknown concern: {', '.join(unknown)}."})
    # A room in poor condition is itself something to follow up.
    if condition == Condition.POOR and ConcernFlag.CONDITION not in chosen:
        chosen.append(ConcernFlag.CONDITION)
    return [f for f in ConcernFlag.values if f in chosen]


def _clean_visit(
    visited_at: datetime | None,
    people_present: Any,
    condition: str,
    concerns: Sequence[str],
    groups_present: str,
    observations: str,
    now: datetime,
) -> dict[str, Any]:
    """Every field checked, every error kept (a form shows them all at once)."""
    checks = Collected()
    condition = checks.take(clean_choice, condition, "condition", Condition, "condition")
    values: dict[str, Any] = {
        "visited_at": checks.take(clean_visited_at, visited_at, now),
        "people_present": checks.take(
            clean_number,
            people_present,
            "people_present",
            low=0,
            high=MAX_NUMBER,
            what="how many were there",
        ),  # fmt: skip
        "condition": condition,
        "concerns": checks.take(clean_flags, concerns, condition),
        "groups_present": checks.take(
            clean_text, groups_present, "groups_present", limit=MAX_GROUPS
        ),
        "observations": checks.take(
            clean_text, observations, "observations", limit=MAX_OBSERVATIONS
        ),
    }
    if values["concerns"] and values["observations"] == "":
        checks.add(
            ValidationError({"observations": "Describe what you saw: the follow-up depends on it."})
        )
    checks.raise_any()
    return values


def visit_check(*, now: datetime | None = None, **values: Any) -> None:
    """Validate a visit without recording it (a form shows these errors with its own)."""
    _clean_visit(
        values.get("visited_at"),
        values.get("people_present"),
        values.get("condition", ""),
        values.get("concerns") or (),
        values.get("groups_present", ""),
        values.get("observations", ""),
        now or timezone.now(),
    )


def visit_record(
    *,
    actor: Any,
    room: Room,
    visited_at: datetime | None,
    people_present: Any,
    condition: str,
    concerns: Sequence[str] = (),
    groups_present: str = "",
    observations: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Record a monitoring visit by ``actor`` (the visitor). With concerns, what was observed
    must be described: the follow-up, and any concern raised from it, depend on it."""
    now = now or timezone.now()
    key = (idempotency_key or "").strip()[:100] or None
    if key and actor is not None and (found := _by_key(room, actor, key)) is not None:
        return Recorded(found, created=False)
    values = _clean_visit(
        visited_at, people_present, condition, concerns, groups_present, observations, now
    )
    try:
        with transaction.atomic():
            if (
                not Room.objects.for_provider(room.provider_id)
                .filter(pk=room.pk, is_active=True)
                .exists()
            ):
                raise ValidationError(
                    {"room": f"{room.name} is closed: reopen it to record a visit."}
                )
            visit = MonitoringVisit.unscoped.create(
                provider_id=room.provider_id,
                room=room,
                visitor=actor,
                visitor_name=actor_name(actor),
                idempotency_key=key,
                **values,
            )
            audit_record(
                actor=actor,
                action="create",
                obj=visit,
                changed_fields=VISIT_FIELDS,
                detail={"room": str(room.pk), "concerns": len(values["concerns"])},
            )
            if visit.concerns:
                _tell_about(visit, actor)
    except IntegrityError:
        found = _by_key(room, actor, key) if key else None
        if found is None:
            raise
        return Recorded(found, created=False)
    return Recorded(visit, created=True)


FOUND_CONCERNS_MESSAGE = "A faith-room monitoring visit found concerns to follow up"


def _tell_about(visit: MonitoringVisit, actor: Any) -> None:
    """The safeguarding team and the room's manager hear at once (without any content)."""
    room = visit.room
    me = getattr(actor, "pk", None)
    people = [u for u in users_holding(room.provider, [Role.DSL, Role.DEPUTY_DSL]) if u.pk != me]
    if room.manager is not None and room.manager.is_active and room.manager_id != me:
        people.append(room.manager)
    notify(
        provider=room.provider,
        users=people,
        message=FOUND_CONCERNS_MESSAGE,
        url=reverse("premises:visit_detail", kwargs={"pk": visit.pk}),
    )


def _by_key(room: Room, actor: Any, key: str) -> MonitoringVisit | None:
    found: MonitoringVisit | None = (
        MonitoringVisit.objects.for_provider(room.provider_id)
        .filter(visitor=actor, idempotency_key=key)
        .first()
    )
    return found


def _locked(visit: MonitoringVisit) -> MonitoringVisit:
    locked: MonitoringVisit = (
        MonitoringVisit.objects.for_provider(visit.provider_id)
        .select_for_update(of=("self",))
        .select_related("room", "room__site")
        .get(pk=visit.pk)
    )
    return locked


def visit_follow_up(
    *, actor: Any, visit: MonitoringVisit, text: str, now: datetime | None = None
) -> MonitoringVisit:
    """Record what was done about a visit's concerns (once)."""
    follow_up = clean_text(
        text, "follow_up", required="Say what was done about it.", limit=MAX_OBSERVATIONS
    )
    with transaction.atomic():
        locked = _locked(visit)
        if not locked.has_concerns:
            raise ConflictError("This visit found no concerns: there is nothing to follow up.")
        if locked.followed_up_at is not None:
            raise ConflictError("This visit's follow-up is already recorded.")
        locked.follow_up = follow_up
        locked.followed_up_at = now or timezone.now()
        locked.followed_up_by = actor
        locked.save(update_fields=["follow_up", "followed_up_at", "followed_up_by", "updated_at"])
        audit_record(
            actor=actor, action="update", obj=locked, changed_fields=["follow_up", "followed_up_at"]
        )
    return locked


def prefilled_description(visit: MonitoringVisit) -> str:
    """What the observer recorded, as the concern's description: nothing to type again."""
    room = visit.room
    lines = [
        f"Raised from a monitoring visit to {room.name} ({room.site.name}) on "
        f"{local_text(visit.visited_at)}, by {visit.visitor_name}.",
        f"People present: {visit.people_present}.",
    ]
    if visit.groups_present:
        lines.append(f"Groups present: {visit.groups_present}")
    if visit.concerns:
        labels = [ConcernFlag(f).label for f in visit.concerns if f in ConcernFlag.values]
        lines.append("Concerns noted: " + "; ".join(labels) + ".")
    lines.append(f"Condition of the room: {Condition(visit.condition).label}.")
    if visit.observations:
        lines += ["", "What was observed:", visit.observations]
    return "\n".join(lines)


def visit_raise_concern(
    *,
    actor: Any,
    visit: MonitoringVisit,
    category: str,
    ideology: str = "",
    description: str | None = None,
) -> Concern:
    """Raise a safeguarding concern from the visit and link it (once per visit).

    ``category`` is Prevent or another safeguarding category, as the observer judges; the
    description defaults to the observation. The concern is the observer's like any other:
    the safeguarding team is told at once, and the observer sees its reference and status only.
    """
    if category not in Category.values:
        raise ValidationError({"category": f"Unknown category: {category}."})
    with transaction.atomic():
        locked = _locked(visit)
        if locked.concern_id is not None:
            reference = locked.concern.reference if locked.concern else "already"
            raise ConflictError(f"A concern was already raised from this visit: {reference}.")
        text = prefilled_description(locked) if description is None else description
        room = locked.room
        raised = concern_raise(
            actor=actor,
            provider=room.provider,
            subject_type=SubjectType.OTHER,
            description=text,
            occurred_at=locked.visited_at,
            category=category,
            ideology=ideology if category == Category.PREVENT else "",
            location=f"{room.name}, {room.site.name}",
            idempotency_key=f"premises-visit-{locked.pk}",
        )
        locked.concern = raised.concern
        locked.concern_raised_at = timezone.now()
        locked.save(update_fields=["concern", "concern_raised_at", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=locked,
            changed_fields=["concern"],
            detail={"concern": raised.concern.reference},
        )
    return raised.concern


def visit_record_view(*, actor: Any, visit: MonitoringVisit) -> None:
    """A read of a visit's observations (free text that may name people)."""
    with transaction.atomic():
        audit_record(actor=actor, action="view", obj=visit, detail={"part": "observations"})
