"""Reads of curriculum coverage and employer communications.

Courses, groups and employers are those of the people register: distinct values of learners'
``course``, ``group_name`` and ``apprenticeship_employer``, found with aggregate queries (a large
college has tens of thousands of learners and a few hundred groups). Everyone who may read the
log reads all of it; records of another provider answer 404.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.curriculum.choices import TOPIC_SHORT, VALUE_SHORT, BritishValue, PreventTopic
from preventhub.curriculum.models import Activity, ActivityGroup, EmployerCommunication
from preventhub.curriculum.terms import Term
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.speakers.choices import APPROVED_STATUSES, Audience, RequestKind, Status
from preventhub.speakers.models import EventRequest

# Employers not told about the duty for this long are a finding.
EMPLOYER_LOOK_BACK_DAYS = 365
# Speaker events whose audience includes learners count towards coverage.
LEARNER_AUDIENCES = (Audience.LEARNERS, Audience.LEARNERS_AND_STAFF, Audience.MIXED)


# --- the people register's courses, groups and employers -----------------------------------


def learners(provider: Provider | int) -> QuerySet[Person]:
    return Person.objects.for_provider(provider).filter(kind=PersonKind.LEARNER)


def enrolled_between(rows: QuerySet[Person], first: date, last: date) -> QuerySet[Person]:
    """Learners enrolled at some point from ``first`` to ``last`` (unknown dates count)."""
    return rows.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=last),
        Q(end_date__isnull=True) | Q(end_date__gte=first),
    )


def course_groups(provider: Provider | int, *, on: date | None = None) -> dict[str, list[str]]:
    """Every course with learners enrolled ``on`` a day (today), and its groups, in order."""
    day = on or timezone.localdate()
    rows = (
        enrolled_between(learners(provider), day, day)
        .exclude(course="")
        .values_list("course", "group_name")
        .distinct()
        .order_by("course", "group_name")
    )
    found: dict[str, list[str]] = {}
    for course, group in rows:
        found.setdefault(course, [])
        if group:
            found[course].append(group)
    return found


def _first(rows: QuerySet[Person], field: str, **exact: str) -> str | None:
    """The first value of ``field`` among ``rows`` matching ``exact``, trying the exact spelling
    before ignoring case. Unordered with LIMIT 1, so the database stops at the first match
    (the register has no index on these columns, and a big college has tens of thousands)."""
    if not all(exact.values()):
        return None
    for lookups in (exact, {f"{k}__iexact": v for k, v in exact.items()}):
        found = list(rows.filter(**lookups).order_by().values_list(field, flat=True)[:1])
        if found:
            return str(found[0])
    return None


def register_course(provider: Provider | int, course: str) -> str | None:
    """The register's spelling of ``course`` (any learner, past or present), or None."""
    return _first(learners(provider), "course", course=course.strip())


def register_group(provider: Provider | int, course: str, group: str) -> str | None:
    return _first(learners(provider).filter(course=course), "group_name", group_name=group.strip())


def employer_names(provider: Provider | int) -> list[str]:
    """Every apprenticeship employer in the register (past and present apprentices)."""
    return list(
        learners(provider)
        .exclude(apprenticeship_employer="")
        .values_list("apprenticeship_employer", flat=True)
        .distinct()
        .order_by("apprenticeship_employer")
    )


def register_employer(provider: Provider | int, name: str) -> str | None:
    wanted = " ".join(name.split())
    if not wanted:
        return None
    return _first(learners(provider), "apprenticeship_employer", apprenticeship_employer=wanted)


# --- activities ------------------------------------------------------------------------------


def activities(provider: Provider | int) -> QuerySet[Activity]:
    return Activity.objects.for_provider(provider)


def activity_log(provider: Provider | int) -> QuerySet[Activity]:
    """The log as lists show it: newest first, groups and the speaker event with each row, no
    summary decrypted."""
    return (
        activities(provider)
        .defer("summary")
        .select_related("source_event", "source_event__outcome")
        .prefetch_related("groups")
        .order_by("-held_on", "-created_at")
    )


def get_activity(provider: Provider, pk: uuid.UUID | str) -> Activity:
    try:
        found: Activity = (
            activities(provider)
            .select_related("source_event", "source_event__outcome", "logged_by")
            .prefetch_related("groups")
            .get(pk=pk)
        )
    except (Activity.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such activity.") from exc
    return found


def values_of(activity: Activity) -> list[str]:
    """The British values an activity addressed: a speaker event's come from its outcome."""
    event = activity.source_event
    if event is not None:
        outcome = getattr(event, "outcome", None)
        return list(outcome.values_addressed) if outcome is not None else []
    return list(activity.values)


def learner_events(provider: Provider | int) -> QuerySet[EventRequest]:
    return EventRequest.objects.for_provider(provider).filter(
        kind=RequestKind.SPEAKER_EVENT, audience__in=LEARNER_AUDIENCES
    )


def _in_term(rows: QuerySet[EventRequest], term: Term) -> QuerySet[EventRequest]:
    from preventhub.concerns.statistics import local_midnight

    return rows.filter(
        starts_at__gte=local_midnight(term.first_day),
        starts_at__lt=local_midnight(term.last_day + timedelta(days=1)),
    )


def events_to_attribute(provider: Provider | int, term: Term) -> QuerySet[EventRequest]:
    """Held speaker events for learners in ``term`` whose groups are not yet recorded."""
    return (
        _in_term(learner_events(provider), term)
        .filter(status=Status.HELD, curriculum_activity__isnull=True)
        .select_related("outcome")
        .order_by("starts_at")
    )


def events_awaiting_outcome(provider: Provider | int, term: Term) -> QuerySet[EventRequest]:
    """Approved speaker events for learners in ``term`` (their values come with the outcome)."""
    return (
        _in_term(learner_events(provider), term)
        .filter(status__in=list(APPROVED_STATUSES))
        .order_by("starts_at")
    )


def get_held_event(provider: Provider, pk: uuid.UUID | str) -> EventRequest:
    """A held speaker event for learners, as the attribution page takes it (else 404)."""
    try:
        found: EventRequest = (
            learner_events(provider).filter(status=Status.HELD).select_related("outcome").get(pk=pk)
        )
    except (EventRequest.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such held speaker event.") from exc
    return found


# --- coverage ------------------------------------------------------------------------------


@dataclass
class GroupCoverage:
    """What one group was taught in a term: activities per British value and per topic."""

    course: str
    group: str
    learners: int
    activities: int = 0
    values: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)

    @property
    def value_cells(self) -> list[tuple[str, str, int]]:
        return [(key, VALUE_SHORT[key], self.values.get(key, 0)) for key in BritishValue.values]

    @property
    def gaps(self) -> list[str]:
        return [str(label) for key, label in BritishValue.choices if not self.values.get(key)]

    @property
    def covered(self) -> int:
        return sum(1 for key in BritishValue.values if self.values.get(key))

    @property
    def status(self) -> str:
        if self.covered == len(BritishValue.values):
            return "all"
        return "some" if self.covered else "none"

    @property
    def topic_labels(self) -> list[str]:
        return [str(label) for key, label in PreventTopic.choices if self.topics.get(key)]

    @property
    def topic_short(self) -> list[str]:
        return [TOPIC_SHORT[key] for key in PreventTopic.values if self.topics.get(key)]


@dataclass(frozen=True)
class Taught:
    """One activity as coverage counts it: its values and topics."""

    activity_id: uuid.UUID
    values: frozenset[str]
    topics: frozenset[str]


def learner_groups(provider: Provider | int, term: Term) -> list[tuple[str, str, int]]:
    """(course, group, learners) of every group with learners enrolled during ``term``."""
    rows = (
        enrolled_between(learners(provider), term.first_day, term.last_day)
        .exclude(course="")
        .values("course", "group_name")
        .annotate(n=Count("pk"))
        .order_by("course", "group_name")
    )
    return [(r["course"], r["group_name"], r["n"]) for r in rows]


def _taught(values: Any, event_values: Any, topics: Any, activity_id: uuid.UUID) -> Taught:
    chosen = {*(values or []), *(event_values or [])}
    return Taught(activity_id, frozenset(chosen), frozenset(topics or []))


def taught_in(
    provider: Provider | int, term: Term
) -> tuple[dict[tuple[str, str], list[Taught]], list[Taught]]:
    """Activities of ``term`` by (course, group) — group "" is the whole course — and those
    for every learner. Two queries; values of speaker events come from their outcomes."""
    in_term = Q(activity__held_on__gte=term.first_day, activity__held_on__lte=term.last_day)
    by_group: dict[tuple[str, str], list[Taught]] = defaultdict(list)
    rows = (
        ActivityGroup.objects.for_provider(provider)
        .filter(in_term)
        .values_list(
            "course",
            "group_name",
            "activity__values",
            "activity__source_event__outcome__values_addressed",
            "activity__topics",
            "activity_id",
        )
    )
    for course, group, values, event_values, topics, activity_id in rows:
        by_group[(course, group)].append(_taught(values, event_values, topics, activity_id))
    everyone = [
        _taught(values, event_values, topics, activity_id)
        for values, event_values, topics, activity_id in activities(provider)
        .filter(all_learners=True, held_on__gte=term.first_day, held_on__lte=term.last_day)
        .values_list("values", "source_event__outcome__values_addressed", "topics", "id")
    ]
    return by_group, everyone


def coverage(provider: Provider | int, term: Term) -> list[GroupCoverage]:
    """Every group of the register in ``term``, with what it was taught (in course order)."""
    by_group, everyone = taught_in(provider, term)
    found = []
    for course, group, n in learner_groups(provider, term):
        row = GroupCoverage(course, group, n)
        seen: set[uuid.UUID] = set()
        for taught in [*by_group.get((course, group), []), *by_group.get((course, ""), [])]:
            _count(row, taught, seen)
        for taught in everyone:
            _count(row, taught, seen)
        found.append(row)
    return found


def _count(row: GroupCoverage, taught: Taught, seen: set[uuid.UUID]) -> None:
    if taught.activity_id in seen:  # a group named as itself and as its whole course
        return
    seen.add(taught.activity_id)
    row.activities += 1
    for key in taught.values:
        row.values[key] = row.values.get(key, 0) + 1
    for key in taught.topics:
        row.topics[key] = row.topics.get(key, 0) + 1


@dataclass(frozen=True)
class CoverageSummary:
    groups: int
    all_values: int
    some_values: int
    no_values: int
    # Groups covering each value, in the enumeration's order: (key, label, groups).
    by_value: list[tuple[str, str, int]]
    by_topic: list[tuple[str, str, int]]


def summarise(rows: Iterable[GroupCoverage]) -> CoverageSummary:
    rows = list(rows)
    return CoverageSummary(
        groups=len(rows),
        all_values=sum(1 for r in rows if r.status == "all"),
        some_values=sum(1 for r in rows if r.status == "some"),
        no_values=sum(1 for r in rows if r.status == "none"),
        by_value=[
            (key, str(label), sum(1 for r in rows if r.values.get(key)))
            for key, label in BritishValue.choices
        ],
        by_topic=[
            (key, str(label), sum(1 for r in rows if r.topics.get(key)))
            for key, label in PreventTopic.choices
        ],
    )


# --- apprenticeship employers ----------------------------------------------------------------


def communications(provider: Provider | int) -> QuerySet[EmployerCommunication]:
    return EmployerCommunication.objects.for_provider(provider).defer("notes")


def get_communication(provider: Provider, pk: uuid.UUID | str) -> EmployerCommunication:
    try:
        found: EmployerCommunication = (
            EmployerCommunication.objects.for_provider(provider)
            .select_related("recorded_by")
            .get(pk=pk)
        )
    except (EmployerCommunication.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such communication.") from exc
    return found


@dataclass(frozen=True)
class EmployerRow:
    name: str
    apprentices: int  # enrolled today
    last_on: date | None
    communications: int
    informed: bool  # told within the look-back period

    @property
    def finding(self) -> bool:
        return self.apprentices > 0 and not self.informed


def employer_rows(provider: Provider | int, today: date | None = None) -> list[EmployerRow]:
    """Every employer of the register or the log: current apprentices, last communication."""
    today = today or timezone.localdate()
    since = today - timedelta(days=EMPLOYER_LOOK_BACK_DAYS)
    apprentices = dict(
        enrolled_between(learners(provider), today, today)
        .exclude(apprenticeship_employer="")
        .values("apprenticeship_employer")
        .annotate(n=Count("pk"))
        .values_list("apprenticeship_employer", "n")
    )
    told = {
        row["employer"]: (row["last"], row["n"])
        for row in EmployerCommunication.objects.for_provider(provider)
        .values("employer")
        .annotate(last=Max("communicated_on"), n=Count("pk"))
    }
    names = sorted({*employer_names(provider), *told}, key=str.casefold)
    rows = []
    for name in names:
        last, n = told.get(name, (None, 0))
        rows.append(
            EmployerRow(name, apprentices.get(name, 0), last, n, last is not None and last > since)
        )
    return rows
