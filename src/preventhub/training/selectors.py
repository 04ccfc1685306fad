"""Reads of the training module: one access gate per entity (the object or 404), and the lists
the pages show. A record someone may not see is indistinguishable from one that does not exist.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.training.models import (
    Course,
    EvidenceFile,
    KnowledgeQuestion,
    QuestionnaireResponse,
    SessionPlace,
    TrainingRecord,
    TrainingSession,
)


def _may(user: Any, perm: str, provider: Provider) -> bool:
    return bool(user.has_perm(perm, provider))


def is_reader(user: Any, provider: Provider) -> bool:
    """May see named training data of every member of staff (the compliance readers)."""
    return _may(user, "training.view_compliance", provider) or _may(
        user, "training.manage", provider
    )


def own_person(user: Any, provider: Provider) -> Person | None:
    """The signed-in user's own staff record at ``provider`` (None if not linked)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found: Person | None = (
        Person.objects.for_provider(provider).filter(user=user, kind=PersonKind.STAFF).first()
    )
    return found


def _uuid(pk: Any) -> uuid.UUID:
    try:
        return pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk))
    except ValueError:
        raise Http404("No such record.") from None


# --- courses, questions --------------------------------------------------------------------


def courses(provider: Provider, *, active_only: bool = False) -> QuerySet[Course]:
    rows = Course.objects.for_provider(provider).prefetch_related("counts_as")
    return rows.filter(active=True) if active_only else rows.order_by("-active", "title")


def get_course(provider: Provider, pk: Any) -> Course:
    found: Course | None = Course.objects.for_provider(provider).filter(pk=_uuid(pk)).first()
    if found is None:
        raise Http404("No such course.")
    return found


def questions(provider: Provider) -> QuerySet[KnowledgeQuestion]:
    return KnowledgeQuestion.objects.for_provider(provider).order_by(
        "-active", "created_at", "text"
    )


def get_question(provider: Provider, pk: Any) -> KnowledgeQuestion:
    found: KnowledgeQuestion | None = (
        KnowledgeQuestion.objects.for_provider(provider).filter(pk=_uuid(pk)).first()
    )
    if found is None:
        raise Http404("No such question.")
    return found


# --- people --------------------------------------------------------------------------------


def get_staff_person_for_user(user: Any, provider: Provider, pk: Any) -> Person:
    """A member of staff whose training the user may see: any, for the readers; their own,
    for everyone else. The view is audited (a training log is personal data)."""
    person: Person | None = (
        Person.objects.for_provider(provider)
        .filter(pk=_uuid(pk), kind=PersonKind.STAFF)
        .select_related("department", "site")
        .first()
    )
    if person is None or not (is_reader(user, provider) or person.user_id == user.pk):
        raise Http404("No such person.")
    audit_record(actor=user, action="view", obj=person, detail={"training": True})
    return person


def staff_people(provider: Provider) -> QuerySet[Person]:
    return Person.objects.for_provider(provider).filter(kind=PersonKind.STAFF)


_SPLIT = re.compile(r"[\s,;]+")


def people_from_identifiers(provider: Provider, raw: str) -> tuple[list[Person], list[str]]:
    """Members of staff named by email (any case) or MIS id, one per line or separated by
    commas or semicolons, and the identifiers that matched nobody, in the order given."""
    wanted = list(dict.fromkeys(t for t in _SPLIT.split(raw or "") if t))
    if not wanted:
        return [], []
    emails = [t.casefold() for t in wanted if "@" in t]
    found = (
        staff_people(provider)
        .annotate(email_folded=Lower("email"))
        .filter(Q(mis_id__in=wanted) | Q(email_folded__in=emails))
    )
    by_key: dict[str, Person] = {}
    for match in found:
        by_key[match.mis_id] = match
        if match.email:
            by_key[match.email.casefold()] = match
    people: dict[Any, Person] = {}
    unknown = []
    for token in wanted:
        person = by_key.get(token.casefold() if "@" in token else token)
        if person is None:
            unknown.append(token)
        else:
            people[person.pk] = person
    return list(people.values()), unknown


# --- records, sessions, evidence -----------------------------------------------------------


def records_of(provider: Provider, person: Person) -> QuerySet[TrainingRecord]:
    return (
        TrainingRecord.objects.for_provider(provider)
        .filter(person=person)
        .select_related("course", "session")
        .prefetch_related("evidence")
        .order_by("-completed_on", "course__title")
    )


def get_record_for_manager(user: Any, provider: Provider, pk: Any) -> TrainingRecord:
    found: TrainingRecord | None = (
        TrainingRecord.objects.for_provider(provider)
        .filter(pk=_uuid(pk))
        .select_related("person", "course")
        .first()
    )
    if found is None or not _may(user, "training.manage", provider):
        raise Http404("No such record.")
    return found


def sessions(provider: Provider) -> QuerySet[TrainingSession]:
    rows: QuerySet[TrainingSession] = (
        TrainingSession.objects.for_provider(provider)
        .select_related("course", "site")
        .annotate(
            booked=Count("places", distinct=True),
            attended=Count("places", filter=Q(places__attended=True), distinct=True),
        )
        .order_by("-held_on", "-created_at")
    )
    return rows


def get_session(provider: Provider, pk: Any) -> TrainingSession:
    found: TrainingSession | None = (
        TrainingSession.objects.for_provider(provider)
        .filter(pk=_uuid(pk))
        .select_related("course", "site")
        .first()
    )
    if found is None:
        raise Http404("No such session.")
    return found


def places_of(session: TrainingSession) -> QuerySet[SessionPlace]:
    return (
        SessionPlace.objects.for_provider(session.provider_id)
        .filter(session=session)
        .select_related("person", "person__department")
        .order_by("person__last_name", "person__first_name", "person__id")
    )


def get_session_for_trainee(
    user: Any, provider: Provider, pk: Any
) -> tuple[TrainingSession, Person]:
    """A session the user is on the list of, with their staff record (else 404)."""
    person = own_person(user, provider)
    session = get_session(provider, pk)
    on_list = (
        person is not None
        and SessionPlace.objects.for_provider(provider)
        .filter(session=session, person=person)
        .exists()
    )
    if person is None or not on_list:
        raise Http404("No such session.")
    return session, person


def session_questions(session: TrainingSession) -> list[KnowledgeQuestion]:
    return list(session.questions.order_by("created_at", "text"))


def responses_of(session: TrainingSession) -> QuerySet[QuestionnaireResponse]:
    return QuestionnaireResponse.objects.for_provider(session.provider_id).filter(session=session)


def get_evidence_for_user(user: Any, provider: Provider, pk: Any) -> EvidenceFile:
    """Evidence for the readers; a record's evidence also for the person it is about.
    Every download is audited."""
    found: EvidenceFile | None = (
        EvidenceFile.objects.for_provider(provider)
        .filter(pk=_uuid(pk))
        .select_related("record__person")
        .first()
    )
    own = found is not None and found.record is not None and found.record.person.user_id == user.pk
    if found is None or not (is_reader(user, provider) or own):
        raise Http404("No such file.")
    audit_record(actor=user, action="view", obj=found)
    return found


def session_with_evidence(provider: Provider, pk: Any) -> TrainingSession:
    session = get_session(provider, pk)
    evidence = EvidenceFile.objects.for_provider(provider).order_by("created_at")
    prefetched: TrainingSession = (
        TrainingSession.objects.for_provider(provider)
        .filter(pk=session.pk)
        .select_related("course", "site")
        .prefetch_related(Prefetch("evidence", queryset=evidence), "questions")
        .get()
    )
    return prefetched
