"""Writes of the activity log and of employer communications.

Each validates, saves and writes its audit row (field names, never values) in one transaction;
bad input raises ValidationError naming the field and changes nothing. A form or API client
that sends the same idempotency key twice gets the first record back, not a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.curriculum.choices import (
    LOGGED_KINDS,
    ActivityKind,
    BritishValue,
    CommunicationMethod,
    CommunicationTopic,
    PreventTopic,
)
from preventhub.curriculum.models import Activity, ActivityGroup, EmployerCommunication
from preventhub.curriculum.selectors import (
    LEARNER_AUDIENCES,
    register_course,
    register_employer,
    register_group,
)
from preventhub.speakers.choices import RequestKind, Status
from preventhub.speakers.models import EventRequest

EARLIEST = date(2000, 1, 1)
MAX_TITLE = 200
MAX_TEXT = 5000
MAX_GROUPS = 60
ACTIVITY_FIELDS = ["kind", "title", "held_on", "values", "topics", "summary", "all_learners"]
COMMUNICATION_FIELDS = [
    "employer", "communicated_on", "method", "topics", "notes", "communicated_by",
]  # fmt: skip


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


# --- validation ----------------------------------------------------------------------------


def clean_text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "This cannot be empty."})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def clean_keys(values: Iterable[Any], field: str, allowed: Iterable[str], what: str) -> list[str]:
    """Enumeration keys in the order given, once each; an unknown key names itself."""
    keys = [str(v) for v in values or []]
    unknown = sorted(set(keys) - set(allowed))
    if unknown:
        raise ValidationError({field: f"Unknown {what}: {', '.join(unknown)}."})
    return list(dict.fromkeys(keys))


def clean_past_date(value: Any, field: str, *, what: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: f"Enter {what}, for example 2026-03-27."})
    if value > timezone.localdate():
        raise ValidationError(
            {field: f"{what.capitalize()} cannot be in the future: record it once it has happened."}
        )
    if value < EARLIEST:
        raise ValidationError({field: f"Enter a date from {EARLIEST.year} onwards."})
    return value


@dataclass(frozen=True)
class GroupRef:
    """A course, or one of its groups (``group`` "" is the whole course)."""

    course: str
    group: str = ""


def clean_groups(
    provider: Provider, groups: Sequence[GroupRef], *, all_learners: bool
) -> list[GroupRef]:
    """The register's own spelling of each course and group; every one must exist there."""
    if all_learners:
        if groups:
            raise ValidationError(
                {"groups": "Choose either every learner or particular courses and groups."}
            )
        return []
    if not groups:
        raise ValidationError({"groups": "Choose the course or groups who took part."})
    if len(groups) > MAX_GROUPS:
        raise ValidationError({"groups": f"Choose at most {MAX_GROUPS} groups at once."})
    cleaned: list[GroupRef] = []
    for ref in groups:
        course = register_course(provider, ref.course or "")
        if course is None:
            raise ValidationError(
                {"groups": f"No learner in the people register is on the course {ref.course!r}."}
            )
        group = ""
        if (ref.group or "").strip():
            found = register_group(provider, course, ref.group)
            if found is None:
                raise ValidationError(
                    {"groups": f"The course {course!r} has no group {ref.group!r} in the register."}
                )
            group = found
        cleaned.append(GroupRef(course, group))
    return list(dict.fromkeys(cleaned))


def _check_taught(values: list[str], topics: list[str]) -> None:
    if not values and not topics:
        raise ValidationError(
            {"values": "Choose at least one British value or Prevent topic the activity addressed."}
        )


# --- activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    activity: Activity
    created: bool


def activity_log(
    *,
    actor: Any,
    provider: Provider,
    kind: str,
    title: str,
    held_on: Any,
    values: Sequence[str] = (),
    topics: Sequence[str] = (),
    summary: str = "",
    groups: Sequence[GroupRef] = (),
    all_learners: bool = False,
    idempotency_key: str | None = None,
) -> Logged:
    """Log a lesson, tutorial, induction, enrichment activity or apprentice review."""
    if idempotency_key:
        existing = _by_key(provider, actor, idempotency_key)
        if existing is not None:
            return Logged(existing, created=False)
    fields = _activity_fields(provider, kind, title, held_on, values, topics, summary)
    refs = clean_groups(provider, groups, all_learners=all_learners)
    try:
        with transaction.atomic():
            activity = Activity.objects.for_provider(provider).create(
                provider=provider,
                logged_by=actor if getattr(actor, "is_authenticated", False) else None,
                logged_by_name=actor_name(actor),
                all_learners=all_learners,
                idempotency_key=idempotency_key or None,
                **fields,
            )
            _set_groups(activity, refs)
            audit_record(
                actor=actor, action="create", obj=activity, changed_fields=[*fields, "groups"]
            )
    except IntegrityError:
        existing = _by_key(provider, actor, idempotency_key or "")
        if existing is None:
            raise
        return Logged(existing, created=False)
    return Logged(activity, created=True)


def _by_key(provider: Provider, actor: Any, key: str) -> Activity | None:
    if not key or not getattr(actor, "is_authenticated", False):
        return None
    found: Activity | None = (
        Activity.objects.for_provider(provider).filter(logged_by=actor, idempotency_key=key).first()
    )
    return found


def _activity_fields(
    provider: Provider,
    kind: str,
    title: str,
    held_on: Any,
    values: Sequence[str],
    topics: Sequence[str],
    summary: str,
) -> dict[str, Any]:
    if kind == ActivityKind.EXTERNAL_SPEAKER:
        raise ValidationError(
            {
                "kind": "External speaker events come from the speaker register: record "
                "which groups attended from the activity log's list of held events."
            }
        )
    if kind not in LOGGED_KINDS:
        raise ValidationError({"kind": f"Unknown kind of activity: {kind or '(none)'}."})
    fields: dict[str, Any] = {
        "kind": kind,
        "title": clean_text(title, "title", required=True, limit=MAX_TITLE),
        "held_on": clean_past_date(held_on, "held_on", what="the date it took place"),
        "values": clean_keys(values, "values", BritishValue.values, "British value"),
        "topics": clean_keys(topics, "topics", PreventTopic.values, "Prevent topic"),
        "summary": clean_text(summary, "summary"),
    }
    _check_taught(fields["values"], fields["topics"])
    return fields


def _set_groups(activity: Activity, refs: Sequence[GroupRef]) -> None:
    ActivityGroup.objects.for_provider(activity.provider_id).filter(activity=activity).delete()
    ActivityGroup.objects.for_provider(activity.provider_id).bulk_create(
        [
            ActivityGroup(
                provider_id=activity.provider_id,
                activity=activity,
                course=ref.course,
                group_name=ref.group,
            )
            for ref in refs
        ]
    )


def _group_refs(activity: Activity) -> list[GroupRef]:
    return [
        GroupRef(g.course, g.group_name)
        for g in ActivityGroup.objects.for_provider(activity.provider_id).filter(activity=activity)
    ]


def activity_update(
    *,
    actor: Any,
    activity: Activity,
    kind: str,
    title: str,
    held_on: Any,
    values: Sequence[str] = (),
    topics: Sequence[str] = (),
    summary: str = "",
    groups: Sequence[GroupRef] = (),
    all_learners: bool = False,
) -> Activity:
    if activity.source_event_id is not None:
        raise ValidationError(
            {"kind": "A speaker event's details come from the speaker register: change its groups."}
        )
    provider = activity.provider
    fields = _activity_fields(provider, kind, title, held_on, values, topics, summary)
    refs = clean_groups(provider, groups, all_learners=all_learners)
    with transaction.atomic():
        locked: Activity = (
            Activity.objects.for_provider(provider).select_for_update().get(pk=activity.pk)
        )
        before = {name: getattr(locked, name) for name in fields}
        before_groups = set(_group_refs(locked))
        changed = [name for name, value in fields.items() if before[name] != value]
        if locked.all_learners != all_learners:
            changed.append("all_learners")
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.all_learners = all_learners
        locked.save()
        if set(refs) != before_groups:
            _set_groups(locked, refs)
            changed.append("groups")
        audit_record(actor=actor, action="update", obj=locked, changed_fields=changed)
    return locked


def activity_record_view(*, actor: Any, activity: Activity) -> None:
    """A summary may say what a learner said in a session: reading one is audited."""
    audit_record(actor=actor, action="view", obj=activity)


def activity_delete(*, actor: Any, activity: Activity) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="delete",
            obj=activity,
            detail={"kind": activity.kind, "from_speaker_event": bool(activity.source_event_id)},
        )
        activity.delete()


# --- external speaker events -------------------------------------------------------------


def event_attendance_record(
    *,
    actor: Any,
    provider: Provider,
    event: EventRequest,
    groups: Sequence[GroupRef] = (),
    all_learners: bool = False,
    topics: Sequence[str] = (),
) -> Activity:
    """Record which groups attended a held speaker event (and the Prevent topics it covered).

    Its title, date and British values stay those of the speaker register; recording again
    replaces the groups and topics of the event's one entry in the log.
    """
    _check_event(provider, event)
    refs = clean_groups(provider, groups, all_learners=all_learners)
    chosen = clean_keys(topics, "topics", PreventTopic.values, "Prevent topic")
    held_on = timezone.localtime(event.starts_at).date()
    with transaction.atomic():
        EventRequest.objects.for_provider(provider).select_for_update().get(pk=event.pk)
        activity: Activity | None = (
            Activity.objects.for_provider(provider).filter(source_event=event).first()
        )
        if activity is None:
            activity = Activity.objects.for_provider(provider).create(
                provider=provider,
                kind=ActivityKind.EXTERNAL_SPEAKER,
                held_on=held_on,
                topics=chosen,
                all_learners=all_learners,
                source_event=event,
                logged_by=actor,
                logged_by_name=actor_name(actor),
            )
            _set_groups(activity, refs)
            audit_record(
                actor=actor,
                action="create",
                obj=activity,
                changed_fields=["source_event", "topics", "all_learners", "groups"],
            )
            return activity
        changed = _update_attendance(activity, refs, chosen, all_learners, held_on)
        audit_record(actor=actor, action="update", obj=activity, changed_fields=changed)
    return activity


def _check_event(provider: Provider, event: EventRequest) -> None:
    if event.provider_id != provider.pk:
        raise ValidationError({"event": "No such speaker event."})
    if event.kind != RequestKind.SPEAKER_EVENT or event.audience not in LEARNER_AUDIENCES:
        raise ValidationError({"event": "Only speaker events for learners count as curriculum."})
    if event.status != Status.HELD:
        raise ValidationError(
            {"event": "Record the event's outcome in the speaker register first: only held "
             "events count, with the British values their outcome names."}
        )  # fmt: skip


def _update_attendance(
    activity: Activity, refs: list[GroupRef], topics: list[str], all_learners: bool, held: date
) -> list[str]:
    changed = []
    if set(refs) != set(_group_refs(activity)):
        _set_groups(activity, refs)
        changed.append("groups")
    for name, value in (("topics", topics), ("all_learners", all_learners), ("held_on", held)):
        if getattr(activity, name) != value:
            setattr(activity, name, value)
            changed.append(name)
    activity.save()
    return changed


# --- apprenticeship employers ----------------------------------------------------------------


def _communication_fields(
    provider: Provider,
    employer: str,
    communicated_on: Any,
    method: str,
    topics: Sequence[str],
    notes: str,
    communicated_by: str,
    actor: Any,
) -> dict[str, Any]:
    name = register_employer(provider, str(employer or ""))
    if name is None:
        raise ValidationError(
            {"employer": f"No apprentice in the people register works for {employer!r}."}
            if str(employer or "").strip()
            else {"employer": "Choose the employer."}
        )
    if method not in CommunicationMethod.values:
        raise ValidationError({"method": f"Unknown way of communicating: {method or '(none)'}."})
    told = clean_keys(topics, "topics", CommunicationTopic.values, "topic")
    if not told:
        raise ValidationError({"topics": "Choose what the employer was told."})
    return {
        "employer": name,
        "communicated_on": clean_past_date(communicated_on, "communicated_on", what="the date"),
        "method": method,
        "topics": told,
        "notes": clean_text(notes, "notes"),
        "communicated_by": clean_text(communicated_by, "communicated_by", limit=200)
        or actor_name(actor),
    }


@dataclass(frozen=True)
class Recorded:
    communication: EmployerCommunication
    created: bool


def communication_record(
    *,
    actor: Any,
    provider: Provider,
    employer: str,
    communicated_on: Any,
    method: str,
    topics: Sequence[str],
    notes: str = "",
    communicated_by: str = "",
    idempotency_key: str | None = None,
) -> Recorded:
    """Record that an apprenticeship employer was told about the duty: when, how, what, by
    whom (the communication, and whether it is new)."""
    if idempotency_key:
        existing = _communication_by_key(provider, actor, idempotency_key)
        if existing is not None:
            return Recorded(existing, created=False)
    fields = _communication_fields(
        provider, employer, communicated_on, method, topics, notes, communicated_by, actor
    )
    try:
        with transaction.atomic():
            communication = EmployerCommunication.objects.for_provider(provider).create(
                provider=provider,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                idempotency_key=idempotency_key or None,
                **fields,
            )
            audit_record(actor=actor, action="create", obj=communication, changed_fields=fields)
    except IntegrityError:
        existing = _communication_by_key(provider, actor, idempotency_key or "")
        if existing is None:
            raise
        return Recorded(existing, created=False)
    return Recorded(communication, created=True)


def _communication_by_key(provider: Provider, actor: Any, key: str) -> EmployerCommunication | None:
    if not key or not getattr(actor, "is_authenticated", False):
        return None
    found: EmployerCommunication | None = (
        EmployerCommunication.objects.for_provider(provider)
        .filter(recorded_by=actor, idempotency_key=key)
        .first()
    )
    return found


def communication_update(
    *,
    actor: Any,
    communication: EmployerCommunication,
    employer: str,
    communicated_on: Any,
    method: str,
    topics: Sequence[str],
    notes: str = "",
    communicated_by: str = "",
) -> EmployerCommunication:
    fields = _communication_fields(
        communication.provider,
        employer,
        communicated_on,
        method,
        topics,
        notes,
        communicated_by,
        actor,
    )
    with transaction.atomic():
        locked: EmployerCommunication = (
            EmployerCommunication.objects.for_provider(communication.provider_id)
            .select_for_update()
            .get(pk=communication.pk)
        )
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, changed_fields=changed)
    return locked


def communication_delete(*, actor: Any, communication: EmployerCommunication) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=communication)
        communication.delete()


def communication_record_view(*, actor: Any, communication: EmployerCommunication) -> None:
    """Notes of a conversation with an employer may name an apprentice: reading them is audited."""
    audit_record(actor=actor, action="view", obj=communication)
