"""Writes of the training log: records one at a time, sessions with their attendance list
(booked before, attended after), and evidence files.

A record is one person, one course, one day: the same again is refused with a clear message
(and the database's unique constraint stops a race). Dates in the future are refused: training
is recorded once it has happened. Evidence is stored encrypted before the transaction and
removed again if the transaction fails, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.concerns.attachments import CheckedFile, delete_stored, store_encrypted
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider, Site
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.training.choices import RecordSource
from preventhub.training.evidence import MAX_FILES
from preventhub.training.models import (
    Course,
    EvidenceFile,
    KnowledgeQuestion,
    SessionPlace,
    TrainingRecord,
    TrainingSession,
)
from preventhub.training.services import settings_for, text

EARLIEST_YEARS = 20
QUESTIONS_PER_SESSION = 5
PLAN_AHEAD_DAYS = 2 * 366


def clean_completed_on(
    value: date | None, *, today: date | None = None, field: str = "completed_on"
) -> date:
    today = today or timezone.localdate()
    if value is None:
        raise ValidationError({field: "Enter the date the training was completed."})
    if value > today:
        raise ValidationError(
            {field: "The date cannot be in the future: record training once it has happened."}
        )
    if value < today - timedelta(days=366 * EARLIEST_YEARS):
        raise ValidationError({field: f"Enter a date within the last {EARLIEST_YEARS} years."})
    return value


def check_person(provider: Provider, person: Person) -> None:
    if person.provider_id != provider.pk:
        raise ValidationError({"person": "No such person in your register."})
    if person.kind != PersonKind.STAFF:
        raise ValidationError(
            {"person": f"{person.full_name} is a learner: training is recorded for staff."}
        )


def check_course(provider: Provider, course: Course) -> None:
    if course.provider_id != provider.pk:
        raise ValidationError({"course": "No such course in your catalogue."})


def duplicate_message(person: Person, course: Course, day: date) -> str:
    return f"{person.full_name} already has a record of {course.title} on {day:%-d %B %Y}."


def _store(provider: Provider, files: Sequence[CheckedFile]) -> list[tuple[CheckedFile, str]]:
    if len(files) > MAX_FILES:
        raise ValidationError({"evidence": f"Attach at most {MAX_FILES} files."})
    stored: list[tuple[CheckedFile, str]] = []
    try:
        for checked in files:
            stored.append((checked, store_encrypted(provider.pk, checked)))
    except Exception:
        _unstore(stored)
        raise
    return stored


def _unstore(stored: Iterable[tuple[CheckedFile, str]]) -> None:
    for _, name in stored:
        delete_stored(name)


def _delete_all(names: Iterable[str]) -> None:
    for name in names:
        delete_stored(name)


def _evidence_rows(
    actor: Any, provider: Provider, stored: list[tuple[CheckedFile, str]], **owner: Any
) -> list[EvidenceFile]:
    rows = []
    for checked, name in stored:
        row = EvidenceFile.objects.for_provider(provider).create(
            provider=provider, original_name=checked.name, content_type=checked.content_type,
            size=len(checked.content), sha256=checked.sha256, storage_name=name,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, **owner,
        )  # fmt: skip
        audit_record(
            actor=actor, action="create", obj=row,
            changed_fields=["original_name", "content_type", "size", "sha256"],
        )  # fmt: skip
        rows.append(row)
    return rows


# --- records -------------------------------------------------------------------------------


def record_create(
    *,
    actor: Any,
    provider: Provider,
    person: Person,
    course: Course,
    completed_on: date | None,
    trainer: str = "",
    source: str = RecordSource.MANUAL,
    certificate_id: str = "",
    evidence: Sequence[CheckedFile] = (),
    today: date | None = None,
) -> TrainingRecord:
    """Record that ``person`` completed ``course`` on ``completed_on`` (not in the future);
    the same person, course and day again is a conflict (409) and changes nothing."""
    check_person(provider, person)
    check_course(provider, course)
    day = clean_completed_on(completed_on, today=today)
    fields = {
        "trainer": text(trainer, "trainer"),
        "certificate_id": text(certificate_id, "certificate_id", limit=100),
    }
    if source not in RecordSource.values:
        raise ValidationError({"source": "Unknown source."})
    records = TrainingRecord.objects.for_provider(provider)
    if records.filter(person=person, course=course, completed_on=day).exists():
        raise ConflictError(duplicate_message(person, course, day))
    stored = _store(provider, evidence)
    try:
        with transaction.atomic():
            record: TrainingRecord = records.create(
                provider=provider, person=person, course=course, completed_on=day, source=source,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None, **fields,
            )  # fmt: skip
            audit_record(
                actor=actor, action="create", obj=record,
                changed_fields=["person", "course", "completed_on", "source",
                                *[k for k, v in fields.items() if v]],
            )  # fmt: skip
            _evidence_rows(actor, provider, stored, record=record)
    except IntegrityError as exc:
        _unstore(stored)
        raise ConflictError(duplicate_message(person, course, day)) from exc
    except BaseException:
        _unstore(stored)
        raise
    return record


def evidence_add(
    *, actor: Any, record: TrainingRecord | None = None, session: TrainingSession | None = None,
    files: Sequence[CheckedFile],
) -> list[EvidenceFile]:  # fmt: skip
    """Add evidence to a record or to a session (exactly one of them)."""
    owner = record if record is not None else session
    if owner is None or (record is not None and session is not None):
        raise ValueError("Evidence belongs to a record or to a session.")
    if not files:
        raise ValidationError({"evidence": "Choose a file to upload."})
    provider = owner.provider
    already = EvidenceFile.objects.for_provider(provider).filter(record=record, session=session)
    if already.count() + len(files) > MAX_FILES:
        raise ValidationError({"evidence": f"Keep at most {MAX_FILES} files of evidence here."})
    stored = _store(provider, files)
    try:
        with transaction.atomic():
            return _evidence_rows(actor, provider, stored, record=record, session=session)
    except BaseException:
        _unstore(stored)
        raise


def record_delete(*, actor: Any, record: TrainingRecord) -> None:
    """Remove a record entered by mistake, with its evidence (files deleted after commit)."""
    names = list(record.evidence.values_list("storage_name", flat=True))
    with transaction.atomic():
        audit_record(
            actor=actor, action="delete", obj=record,
            detail={"course": str(record.course_id), "evidence_files": len(names)},
        )  # fmt: skip
        record.delete()
        transaction.on_commit(lambda: _delete_all(names))


# --- sessions ------------------------------------------------------------------------------


def session_create(
    *,
    actor: Any,
    provider: Provider,
    course: Course,
    held_on: date | None,
    trainer: str,
    site: Site | None = None,
    venue: str = "",
    today: date | None = None,
) -> TrainingSession:
    """A session of a course on a day (past or planned), with the active knowledge questions
    fixed for its questionnaires."""
    today = today or timezone.localdate()
    check_course(provider, course)
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the session."})
    if held_on > today + timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"held_on": "Enter a date within the next two years."})
    clean_completed_on(min(held_on, today), today=today, field="held_on")
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"site": "No such site."})
    fields = {
        "trainer": text(trainer, "trainer", required=True),
        "venue": text(venue, "venue"),
    }
    settings_for(provider)
    questions = list(
        KnowledgeQuestion.objects.for_provider(provider).filter(active=True)[:QUESTIONS_PER_SESSION]
    )
    with transaction.atomic():
        session: TrainingSession = TrainingSession.objects.for_provider(provider).create(
            provider=provider, course=course, held_on=held_on, site=site,
            created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields,
        )  # fmt: skip
        session.questions.set(questions)
        audit_record(
            actor=actor, action="create", obj=session,
            changed_fields=["course", "held_on", "trainer", "questions",
                            *(["site"] if site else []), *(["venue"] if fields["venue"] else [])],
        )  # fmt: skip
    return session


def is_held(session: TrainingSession, today: date | None = None) -> bool:
    return session.held_on <= (today or timezone.localdate())


def _check_people(session: TrainingSession, people: Iterable[Person]) -> list[Person]:
    chosen = list({p.pk: p for p in people}.values())
    for person in chosen:
        check_person(session.provider, person)
    return chosen


def session_book(
    *, actor: Any, session: TrainingSession, people: Sequence[Person], today: date | None = None
) -> tuple[int, int]:
    """Set who is booked on a session not yet held: those in ``people`` (added if new) and no
    one else (removed). Returns (added, removed)."""
    if is_held(session, today):
        raise ValidationError(
            {"people": "This session has taken place: record who attended instead."}
        )
    chosen = _check_people(session, people)
    places = SessionPlace.objects.for_provider(session.provider_id).filter(session=session)
    have = set(places.values_list("person_id", flat=True))
    wanted = {p.pk for p in chosen}
    with transaction.atomic():
        SessionPlace.objects.for_provider(session.provider_id).bulk_create(
            SessionPlace(provider_id=session.provider_id, session=session, person=p)
            for p in chosen
            if p.pk not in have
        )
        removed, _ = places.filter(person_id__in=have - wanted).delete()
        added = len(wanted - have)
        if added or removed:
            audit_record(
                actor=actor, action="update", obj=session, changed_fields=["places"],
                detail={"booked": added, "unbooked": removed},
            )  # fmt: skip
    return added, removed


@dataclass
class Attendance:
    present: int = 0
    absent: int = 0
    created: int = 0
    already_recorded: list[str] = field(default_factory=list)
    removed: int = 0
    created_ids: list[str] = field(default_factory=list)


def attendance_record(
    *, actor: Any, session: TrainingSession, present: Sequence[Person], today: date | None = None
) -> Attendance:
    """Record who attended a session that has taken place: each person present gets a training
    record (unless they already have one for the course that day), everyone else on the list
    is marked absent and loses the record this session gave them. Re-recording is safe."""
    if not is_held(session, today):
        raise ValidationError(
            {"present": f"The session is on {session.held_on:%-d %B %Y}: record attendance on "
             "or after that day. Until then, book people on it."}
        )  # fmt: skip
    chosen = _check_people(session, present)
    if not chosen:
        raise ValidationError({"present": "Tick at least one person who attended."})
    result = Attendance(present=len(chosen))
    try:
        with transaction.atomic():
            _attend(actor, session, chosen, result)
    except IntegrityError as exc:
        raise ConflictError(
            "Training records for this session changed while attendance was being saved (someone "
            "else may be recording it). Nothing was saved; try again."
        ) from exc
    return result


def _attend(actor: Any, session: TrainingSession, chosen: list[Person], result: Attendance) -> None:
    provider_id = session.provider_id
    wanted = {p.pk for p in chosen}
    places = {
        p.person_id: p
        for p in SessionPlace.objects.for_provider(provider_id).filter(session=session)
    }
    _mark_present(session, chosen, places)
    absent = [p for pid, p in places.items() if pid not in wanted]
    result.absent = len(absent)
    SessionPlace.objects.for_provider(provider_id).filter(pk__in=[p.pk for p in absent]).update(
        attended=False, updated_at=timezone.now()
    )
    result.removed = _remove_session_records(actor, session, [p.person_id for p in absent])
    _create_session_records(actor, session, chosen, result)
    session.attendance_recorded_at = timezone.now()
    session.save(update_fields=["attendance_recorded_at", "updated_at"])
    audit_record(
        actor=actor, action="update", obj=session,
        changed_fields=["places", "attendance_recorded_at"],
        detail={"present": result.present, "absent": result.absent,
                "records_created": result.created, "records_removed": result.removed,
                "created_record_ids": result.created_ids},
    )  # fmt: skip


def _mark_present(
    session: TrainingSession, people: list[Person], places: dict[Any, SessionPlace]
) -> None:
    provider_id = session.provider_id
    rows = SessionPlace.objects.for_provider(provider_id)
    rows.bulk_create(
        SessionPlace(provider_id=provider_id, session=session, person=p, attended=True)
        for p in people
        if p.pk not in places
    )
    booked = [
        places[p.pk].pk for p in people if p.pk in places and places[p.pk].attended is not True
    ]
    rows.filter(pk__in=booked).update(attended=True, updated_at=timezone.now())


def _create_session_records(
    actor: Any, session: TrainingSession, people: list[Person], result: Attendance
) -> None:
    records = TrainingRecord.objects.for_provider(session.provider_id)
    existing = set(
        records.filter(
            course=session.course_id, completed_on=session.held_on, person__in=people
        ).values_list("person_id", flat=True)
    )
    by = actor if getattr(actor, "is_authenticated", False) else None
    result.already_recorded = [p.full_name for p in people if p.pk in existing]
    # One insert for the list; the session's audit row names every record it created.
    made = records.bulk_create(
        TrainingRecord(
            provider_id=session.provider_id,
            person=person,
            course_id=session.course_id,
            completed_on=session.held_on,
            session=session,
            trainer=session.trainer,
            source=RecordSource.SESSION,
            recorded_by=by,
        )  # fmt: skip
        for person in people
        if person.pk not in existing
    )
    result.created = len(made)
    result.created_ids = [str(r.pk) for r in made]


def _remove_session_records(actor: Any, session: TrainingSession, person_ids: list[Any]) -> int:
    gone = TrainingRecord.objects.for_provider(session.provider_id).filter(
        session=session, person_id__in=person_ids
    )
    removed = 0
    for record in gone:
        record_delete(actor=actor, record=record)
        removed += 1
    return removed
