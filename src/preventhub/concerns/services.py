"""Writes on the referral pathway. Each validates, saves, writes its chronology entry and its
audit row in one transaction. Audit rows name fields, never narrative values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.concerns.attachments import CheckedFile, delete_stored, store_encrypted
from preventhub.concerns.choices import (
    INDICATORS,
    MANUAL_ENTRY_KINDS,
    Category,
    ClosureReason,
    Decision,
    EntryKind,
    Ideology,
    LinkRelationship,
    Status,
    SubjectType,
)
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.models import (
    Attachment,
    CaseAction,
    CaseReview,
    ChronologyEntry,
    Concern,
    LinkedPerson,
    ReferenceCounter,
)
from preventhub.concerns.selectors import team_to_notify
from preventhub.core.models import Provider
from preventhub.notifications.services import notify
from preventhub.people.models import Person

MAX_NARRATIVE = 20_000  # characters: about ten pages; a longer account belongs in an attachment
MAX_SHORT_TEXT = 500
MAX_ATTACHMENTS = 5
# Clocks on phones drift; a concern "in the future" by less than this is taken as now.
CLOCK_SKEW = timedelta(minutes=5)
NEW_CONCERN_MESSAGE = "A new concern needs triage"
ESCALATED_MESSAGE = "A concern has not been acknowledged and is escalated to you"


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


# --- validation ----------------------------------------------------------------------------


def clean_text(value: Any, field: str, *, required: bool, limit: int = MAX_NARRATIVE) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(
            {field: "Enter what happened."}
            if field == "description"
            else {field: "This cannot be empty."}
        )
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def clean_occurred_at(value: datetime | None, *, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    if value is None:
        raise ValidationError({"occurred_at": "Enter when it happened."})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise ValidationError({"occurred_at": "When it happened cannot be in the future."})
    if value < now - timedelta(days=366 * 20):
        raise ValidationError({"occurred_at": "Enter a date within the last 20 years."})
    return min(value, now)


def clean_indicators(values: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(values))
    unknown = [v for v in chosen if v not in INDICATORS]
    if unknown:
        raise ValidationError({"indicators": f"Unknown indicator: {', '.join(map(str, unknown))}."})
    return chosen


def clean_category(category: str, ideology: str) -> tuple[str, str]:
    if category not in Category.values:
        raise ValidationError({"category": f"Unknown category: {category}."})
    if ideology and ideology not in Ideology.values:
        raise ValidationError({"ideology": f"Unknown ideology: {ideology}."})
    if ideology and category != Category.PREVENT:
        raise ValidationError({"ideology": "An ideology applies to Prevent concerns only."})
    return category, ideology


def clean_subject(
    provider: Provider, subject_type: str, person: Person | None, name: str
) -> tuple[Person | None, str]:
    if subject_type not in SubjectType.values:
        raise ValidationError({"subject_type": f"Unknown subject type: {subject_type}."})
    if person is not None:
        if person.provider_id != provider.pk:
            raise ValidationError({"subject_person": "No such person in your register."})
        if (
            subject_type not in (SubjectType.LEARNER, SubjectType.STAFF)
            or person.kind != subject_type
        ):
            raise ValidationError(
                {"subject_person": f"{person.full_name} is not a {subject_type}."}
            )
        name = name or person.full_name
    return person, clean_text(name, "subject_name", required=False, limit=200)


# --- raising -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Raised:
    concern: Concern
    created: bool


def next_reference(provider: Provider, when: datetime) -> str:
    """C-2026-00042: sequential per provider and year, allocated under a row lock."""
    year = when.year
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        provider=provider, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"C-{year}-{counter.last_number:05d}"


def concern_raise(
    *,
    actor: Any,
    provider: Provider,
    subject_type: str,
    description: str,
    occurred_at: datetime | None,
    category: str,
    subject_person: Person | None = None,
    subject_name: str = "",
    location: str = "",
    indicators: Sequence[str] = (),
    ideology: str = "",
    immediate_risk: bool = False,
    idempotency_key: str | None = None,
    files: Sequence[CheckedFile] = (),
) -> Raised:
    """Record a concern and tell the safeguarding team at once (without any of its content).

    With an ``idempotency_key`` a repeated submission by the same reporter returns the first
    concern instead of making a second one.
    """
    key = (idempotency_key or "").strip()[:100] or None
    if key and actor is not None:
        existing = _by_key(provider, actor, key)
        if existing is not None:
            return Raised(existing, created=False)
    person, name = clean_subject(provider, subject_type, subject_person, subject_name)
    category, ideology = clean_category(category, ideology)
    fields = {
        "description": clean_text(description, "description", required=True),
        "location": clean_text(location, "location", required=False, limit=MAX_SHORT_TEXT),
        "occurred_at": clean_occurred_at(occurred_at),
        "indicators": clean_indicators(indicators),
    }
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"Attach at most {MAX_ATTACHMENTS} files."})
    try:
        concern = _create(
            actor,
            provider,
            subject_type,
            person,
            name,
            category,
            ideology,
            immediate_risk,
            key,
            fields,
            files,
        )
    except IntegrityError:
        # Two identical submissions raced; the other one won and is the concern.
        existing = _by_key(provider, actor, key) if key else None
        if existing is None:
            raise
        return Raised(existing, created=False)
    return Raised(concern, created=True)


def _by_key(provider: Provider, actor: Any, key: str) -> Concern | None:
    return (
        Concern.objects.for_provider(provider).filter(reporter=actor, idempotency_key=key).first()
    )


def _create(
    actor: Any,
    provider: Provider,
    subject_type: str,
    person: Person | None,
    name: str,
    category: str,
    ideology: str,
    immediate_risk: bool,
    key: str | None,
    fields: dict[str, Any],
    files: Sequence[CheckedFile],
) -> Concern:
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            concern = Concern.unscoped.create(
                provider=provider,
                reference=next_reference(provider, now),
                reporter=actor,
                reporter_name=actor_name(actor),
                idempotency_key=key,
                subject_type=subject_type,
                subject_person=person,
                subject_name=name,
                category=category,
                ideology=ideology,
                immediate_risk=bool(immediate_risk),
                **fields,
            )
            _entry(concern, actor, EntryKind.RAISED, "Concern raised.", occurred_at=now)
            for checked in files:
                stored.append(_attach(concern, actor, checked))
            audit_record(
                actor=actor,
                action="create",
                obj=concern,
                changed_fields=[*fields, "subject_type", "category"],
                detail={"reference": concern.reference, "attachments": len(files)},
            )
            notify(
                provider=provider,
                users=team_to_notify(provider, subject_type),
                message=NEW_CONCERN_MESSAGE
                + (" (immediate risk reported)" if immediate_risk else ""),
                url=reverse("concerns:detail", kwargs={"pk": concern.pk}),
            )
    except BaseException:
        for name_ in stored:  # the rows rolled back; their files must not linger
            delete_stored(name_)
        raise
    return concern


def _attach(concern: Concern, actor: Any, checked: CheckedFile) -> str:
    storage_name = store_encrypted(concern.provider_id, checked)
    attachment = Attachment.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        storage_name=storage_name,
        uploaded_by=actor,
    )
    audit_record(actor=actor, action="create", obj=attachment, detail={"size": attachment.size})
    return storage_name


def attachment_add(*, actor: Any, concern: Concern, checked: CheckedFile) -> Attachment:
    _require_not_closed(concern, "add a document to")
    if concern.attachments.count() >= MAX_ATTACHMENTS * 4:
        raise ValidationError({"file": "This case already has the most documents allowed."})
    stored = ""
    try:
        with transaction.atomic():
            stored = _attach(concern, actor, checked)
            _entry(concern, actor, EntryKind.DOCUMENT, f"Document added: {checked.name}")
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return Attachment.unscoped.get(storage_name=stored)


# --- chronology ----------------------------------------------------------------------------


def _entry(
    concern: Concern,
    actor: Any,
    kind: str,
    text: str = "",
    *,
    occurred_at: datetime | None = None,
    **extra: Any,
) -> ChronologyEntry:
    entry = ChronologyEntry.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        author=actor,
        author_name=actor_name(actor),
        text=text,
        **extra,
    )
    ChronologyEntry.unscoped.filter(pk=entry.pk).update(root=entry.pk)
    entry.root_id = entry.pk
    return entry


def chronology_add(
    *, actor: Any, concern: Concern, kind: str, text: str, occurred_at: datetime | None = None
) -> ChronologyEntry:
    """A note or a record of contact, written by hand."""
    _require_not_closed(concern, "add a note or contact to")
    if kind not in MANUAL_ENTRY_KINDS:
        raise ValidationError({"kind": "Add a note or a contact."})
    body = clean_text(text, "text", required=True)
    when = clean_occurred_at(occurred_at) if occurred_at else None
    with transaction.atomic():
        entry = _entry(concern, actor, kind, body, occurred_at=when)
        audit_record(actor=actor, action="create", obj=entry, changed_fields=["text"])
    return entry


def chronology_edit(
    *, actor: Any, entry: ChronologyEntry, text: str, occurred_at: datetime | None = None
) -> ChronologyEntry:
    """Correct an entry: a new version is written and the earlier one kept, marked superseded."""
    if entry.superseded:
        raise IllegalTransitionError("This entry has been edited since; edit the latest version.")
    if entry.kind not in MANUAL_ENTRY_KINDS and entry.kind != EntryKind.DECISION:
        raise IllegalTransitionError("Entries the system wrote cannot be edited.")
    _require_not_closed(entry.concern, "correct entries in")
    body = clean_text(text, "text", required=True)
    when = clean_occurred_at(occurred_at) if occurred_at else entry.occurred_at
    with transaction.atomic():
        updated = ChronologyEntry.unscoped.filter(pk=entry.pk, superseded=False).update(
            superseded=True
        )
        if not updated:
            raise IllegalTransitionError(
                "This entry has been edited since; edit the latest version."
            )
        new = ChronologyEntry.unscoped.create(
            provider_id=entry.provider_id,
            concern_id=entry.concern_id,
            kind=entry.kind,
            occurred_at=when,
            author=actor,
            author_name=actor_name(actor),
            text=body,
            decision=entry.decision,
            informed=entry.informed,
            informed_at=entry.informed_at,
            root_id=entry.root_id or entry.pk,
            version=entry.version + 1,
        )
        audit_record(
            actor=actor,
            action="update",
            obj=new,
            changed_fields=["text", *(["occurred_at"] if when != entry.occurred_at else [])],
            detail={"version": new.version, "previous": str(entry.pk)},
        )
    return new


# --- triage and decisions ------------------------------------------------------------------


def _require_not_closed(concern: Concern, doing: str) -> None:
    if concern.status == Status.CLOSED:
        raise IllegalTransitionError(f"{concern.reference} is closed: reopen it to {doing} it.")


def _locked(concern: Concern) -> Concern:
    """Re-read the concern under a row lock so two team members cannot both move it."""
    return Concern.unscoped.select_for_update().get(pk=concern.pk)


def concern_acknowledge(*, actor: Any, concern: Concern) -> Concern:
    with transaction.atomic():
        concern = _locked(concern)
        if concern.status != Status.NEW:
            return concern  # already acknowledged: acknowledging again changes nothing
        concern.status = Status.IN_TRIAGE
        concern.acknowledged_at = timezone.now()
        concern.acknowledged_by = actor
        if concern.lead_id is None:
            concern.lead = actor
        concern.save(
            update_fields=["status", "acknowledged_at", "acknowledged_by", "lead", "updated_at"]
        )
        _entry(concern, actor, EntryKind.ACKNOWLEDGED, "Concern acknowledged for triage.")
        audit_record(
            actor=actor, action="update", obj=concern, changed_fields=["status", "acknowledged_at"]
        )
    return concern


def concern_decide(
    *,
    actor: Any,
    concern: Concern,
    decision: str,
    rationale: str,
    informed: str = "",
    informed_at: datetime | None = None,
) -> ChronologyEntry:
    """Record a triage or case decision with its reason; no further action closes the case."""
    if decision not in Decision.values:
        raise ValidationError({"decision": f"Unknown decision: {decision}."})
    reason = str(rationale or "").strip()
    if not reason:
        raise ValidationError({"rationale": "Give the reason for this decision."})
    reason = clean_text(reason, "rationale", required=True)
    told = clean_text(informed, "informed", required=False, limit=MAX_SHORT_TEXT)
    told_at = clean_occurred_at(informed_at) if informed_at else None
    with transaction.atomic():
        concern = _locked(concern)
        _require_not_closed(concern, "record a decision on")
        now = timezone.now()
        changed = ["latest_decision", "status"]
        if concern.acknowledged_at is None:
            concern.acknowledged_at, concern.acknowledged_by = now, actor
            changed.append("acknowledged_at")
        if concern.first_decision_at is None:
            concern.first_decision_at = now
            changed.append("first_decision_at")
        if concern.lead_id is None:
            concern.lead = actor
        concern.latest_decision = decision
        if decision == Decision.NO_FURTHER_ACTION:
            concern.status = Status.CLOSED
            concern.closed_at = now
            concern.closure_reason = ClosureReason.NO_FURTHER_ACTION
            changed += ["closed_at", "closure_reason"]
        else:
            concern.status = Status.OPEN
        concern.save()
        entry = _entry(
            concern,
            actor,
            EntryKind.DECISION,
            reason,
            decision=decision,
            informed=told,
            informed_at=told_at,
        )
        audit_record(
            actor=actor,
            action="update",
            obj=concern,
            changed_fields=changed,
            detail={"decision": decision},
        )
    return entry


# --- the case ------------------------------------------------------------------------------


def action_add(
    *, actor: Any, concern: Concern, description: str, owner: Any, due_on: date
) -> CaseAction:
    _require_not_closed(concern, "add an action to")
    text = clean_text(description, "description", required=True, limit=MAX_SHORT_TEXT * 2)
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date the action is due."})
    with transaction.atomic():
        action = CaseAction.unscoped.create(
            provider_id=concern.provider_id,
            concern=concern,
            description=text,
            owner=owner,
            due_on=due_on,
        )
        _entry(
            concern,
            actor,
            EntryKind.ACTION,
            f"Action for {actor_name(owner)}, due {due_on:%d %B %Y}: {text}",
        )
        audit_record(
            actor=actor,
            action="create",
            obj=action,
            changed_fields=["description", "owner", "due_on"],
        )
    return action


def action_complete(*, actor: Any, action: CaseAction) -> CaseAction:
    _require_not_closed(action.concern, "mark an action done on")
    with transaction.atomic():
        # Locked, so two people pressing "done" at once write one completion, not two.
        locked = CaseAction.unscoped.select_for_update().get(pk=action.pk)
        if locked.completed_at is not None:
            raise IllegalTransitionError("This action is already done.")
        action.completed_at = timezone.now()
        action.completed_by = actor
        action.save(update_fields=["completed_at", "completed_by", "updated_at"])
        _entry(action.concern, actor, EntryKind.ACTION, f"Action done: {action.description}")
        audit_record(actor=actor, action="update", obj=action, changed_fields=["completed_at"])
    return action


def link_add(
    *,
    actor: Any,
    concern: Concern,
    relationship: str,
    person: Person | None = None,
    name: str = "",
    notes: str = "",
) -> LinkedPerson:
    _require_not_closed(concern, "link a person to")
    if relationship not in LinkRelationship.values:
        raise ValidationError({"relationship": f"Unknown relationship: {relationship}."})
    if person is not None and person.provider_id != concern.provider_id:
        raise ValidationError({"person": "No such person in your register."})
    label = clean_text(
        name or (person.full_name if person else ""), "name", required=True, limit=200
    )
    with transaction.atomic():
        link = LinkedPerson.unscoped.create(
            provider_id=concern.provider_id,
            concern=concern,
            person=person,
            name=label,
            relationship=relationship,
            notes=clean_text(notes, "notes", required=False, limit=MAX_SHORT_TEXT * 2),
        )
        _entry(
            concern,
            actor,
            EntryKind.UPDATE,
            f"Linked {label} ({LinkRelationship(relationship).label.lower()}).",
        )
        audit_record(
            actor=actor, action="create", obj=link, changed_fields=["name", "relationship", "notes"]
        )
    return link


def review_record(
    *,
    actor: Any,
    concern: Concern,
    held_on: date,
    summary: str,
    next_review_on: date | None = None,
) -> CaseReview:
    _require_not_closed(concern, "review")
    text = clean_text(summary, "summary", required=True)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "A review cannot be recorded before it is held."})
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError({"next_review_on": "The next review must come after this one."})
    with transaction.atomic():
        review = CaseReview.unscoped.create(
            provider_id=concern.provider_id,
            concern=concern,
            held_on=held_on,
            reviewer=actor,
            summary=text,
            next_review_on=next_review_on,
        )
        concern.next_review_on = next_review_on
        concern.save(update_fields=["next_review_on", "updated_at"])
        _entry(
            concern,
            actor,
            EntryKind.REVIEW,
            text,
            occurred_at=timezone.make_aware(datetime.combine(held_on, datetime.min.time())),
        )
        audit_record(
            actor=actor, action="create", obj=review, changed_fields=["summary", "next_review_on"]
        )
    return review


def concern_close(*, actor: Any, concern: Concern, reason: str, outcome: str) -> Concern:
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": f"Unknown closure reason: {reason}."})
    text = clean_text(outcome, "outcome", required=True)
    with transaction.atomic():
        concern = _locked(concern)
        _require_not_closed(concern, "close")
        if concern.first_decision_at is None:
            raise IllegalTransitionError(
                f"{concern.reference} has no decision yet: record a decision before closing it."
            )
        concern.status = Status.CLOSED
        concern.closed_at = timezone.now()
        concern.closure_reason = reason
        concern.outcome = text
        concern.save()
        _entry(
            concern,
            actor,
            EntryKind.CLOSED,
            f"Closed: {ClosureReason(reason).label}. Outcome: {text}",
        )
        audit_record(
            actor=actor,
            action="update",
            obj=concern,
            changed_fields=["status", "closed_at", "closure_reason", "outcome"],
        )
    return concern


def concern_reopen(*, actor: Any, concern: Concern, reason: str) -> Concern:
    text = clean_text(reason, "reason", required=True)
    with transaction.atomic():
        concern = _locked(concern)
        if concern.status != Status.CLOSED:
            raise IllegalTransitionError(f"{concern.reference} is not closed.")
        concern.status = Status.OPEN
        concern.closed_at = None
        concern.closure_reason = ""
        concern.save()
        _entry(concern, actor, EntryKind.REOPENED, f"Reopened: {text}")
        audit_record(
            actor=actor,
            action="update",
            obj=concern,
            changed_fields=["status", "closed_at", "closure_reason"],
        )
    return concern


def concern_assign_lead(*, actor: Any, concern: Concern, lead: Any) -> Concern:
    _require_not_closed(concern, "change the lead of")
    with transaction.atomic():
        concern.lead = lead
        concern.save(update_fields=["lead", "updated_at"])
        _entry(concern, actor, EntryKind.UPDATE, f"Lead for this case: {actor_name(lead)}.")
        audit_record(actor=actor, action="update", obj=concern, changed_fields=["lead"])
    return concern


def concern_link_subject(*, actor: Any, concern: Concern, person: Person) -> Concern:
    """Link the person the concern is about to their record in the people register."""
    _require_not_closed(concern, "link a register record to")
    if concern.subject_type not in (SubjectType.LEARNER, SubjectType.STAFF):
        raise ValidationError(
            {"subject_person": "Only a learner or a member of staff has a register record."}
        )
    linked, name = clean_subject(
        concern.provider, concern.subject_type, person, concern.subject_name
    )
    with transaction.atomic():
        concern.subject_person = linked
        concern.subject_name = name
        concern.save(update_fields=["subject_person", "subject_name", "updated_at"])
        _entry(concern, actor, EntryKind.UPDATE, f"Linked to the register record of {name}.")
        audit_record(
            actor=actor,
            action="update",
            obj=concern,
            changed_fields=["subject_person", "subject_name"],
        )
    return concern


# --- reading (audited) ---------------------------------------------------------------------


def concern_record_view(*, actor: Any, concern: Concern, what: str = "case") -> None:
    """Every view of a concern's content is audited (who, when, from where, which part)."""
    audit_record(actor=actor, action="view", obj=concern, detail={"part": what})


def attachment_record_view(*, actor: Any, attachment: Attachment) -> None:
    audit_record(actor=actor, action="view", obj=attachment, detail={"part": "download"})


# --- escalation ----------------------------------------------------------------------------


def escalate_unacknowledged(*, now: datetime | None = None) -> int:
    """Escalate every concern still unacknowledged after its provider's configured wait.

    The rota's contact for the moment (or the provider's default out-of-hours contact) is told;
    with neither configured, the dsl(s) and senior leaders are, so nothing waits unseen.
    Run every few minutes (``preventhub escalate_concerns`` from cron or a timer).
    """
    from preventhub.concerns.models import SafeguardingSettings
    from preventhub.concerns.selectors import on_call_now, users_holding

    now = now or timezone.now()
    waiting = Concern.unscoped.filter(status=Status.NEW, escalated_at=None).select_related(
        "provider"
    )
    waits = {
        s.provider_id: s
        for s in SafeguardingSettings.objects.filter(provider_id__in=waiting.values("provider_id"))
    }
    escalated = 0
    for concern in waiting.order_by("created_at"):
        setting = waits.get(concern.provider_id)
        wait = timedelta(minutes=setting.escalate_after_minutes if setting else 60)
        if concern.created_at > now - wait:
            continue
        with transaction.atomic():
            claimed = Concern.unscoped.filter(
                pk=concern.pk, status=Status.NEW, escalated_at=None
            ).update(escalated_at=now)
            if not claimed:
                continue
            on_call = on_call_now(concern.provider, now)
            users = [on_call] if on_call else []
            emails = [setting.out_of_hours_email] if setting and setting.out_of_hours_email else []
            if not users and not emails:
                users = users_holding(concern.provider, [Role.DSL, Role.SENIOR_LEADER])
            notify(
                provider=concern.provider,
                users=users,
                extra_emails=emails,
                message=ESCALATED_MESSAGE,
                url=reverse("concerns:detail", kwargs={"pk": concern.pk}),
            )
            told = ", ".join(
                [actor_name(u) for u in users] + [setting.out_of_hours_name or e for e in emails]
                if setting
                else [actor_name(u) for u in users]
            )
            _entry(
                concern,
                None,
                EntryKind.ESCALATION,
                f"Not acknowledged within {wait}; escalated to {told or 'nobody (no contact)'}.",
            )
            audit_record(actor=None, action="update", obj=concern, changed_fields=["escalated_at"])
            escalated += 1
    return escalated


# --- settings and the out-of-hours rota ----------------------------------------------------


def settings_update(*, actor: Any, provider: Provider, **values: Any) -> Any:
    from preventhub.concerns.selectors import settings_for

    current = settings_for(provider)
    changed = [k for k, v in values.items() if getattr(current, k) != v]
    for key, value in values.items():
        setattr(current, key, value)
    with transaction.atomic():
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            provider_id=provider.pk,
            changed_fields=changed,
        )
    return current


def rota_add(
    *, actor: Any, provider: Provider, contact: Any, starts_at: datetime, ends_at: datetime
) -> Any:
    from preventhub.concerns.models import RotaSlot

    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    with transaction.atomic():
        slot = RotaSlot.unscoped.create(
            provider=provider, contact=contact, starts_at=starts_at, ends_at=ends_at
        )
        audit_record(actor=actor, action="create", obj=slot, changed_fields=["contact"])
    return slot


def rota_remove(*, actor: Any, slot: Any) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=slot)
        slot.delete()
