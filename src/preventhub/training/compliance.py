"""Who is compliant with the requirements matrix, as of a day: the engine behind the compliance
pages, the action list, the API, the reminders, the findings and the coverage chart.

A member of staff is anyone in the people register of kind staff employed on the day (started,
not left). Their requirements are every cell of the matrix that applies to them: "every member
of staff", their staff group (``Person.job_category``) and each role their sign-in
(``Person.user``) currently holds at the provider. When several cells name one course, the
strictest applies (induction if any says so, the shortest refresher interval).

For each required course, a completion of the course or of one that counts as it
(``Course.counts_as``, followed transitively) lasts for the shorter of the requirement's
refresher interval and the completed course's validity (neither: for good). Against one
requirement a person is

- **compliant**: an in-date completion that lapses more than ``due_soon_days`` from now;
- **due soon**: an in-date completion that lapses within ``due_soon_days``, or none yet but an
  induction deadline (start date + ``induction_days``) still ahead;
- **overdue**: their last completion has lapsed;
- **never trained**: no completion at all, and no induction deadline still ahead.

Their overall status is the worst of these. Everything is loaded in a handful of queries and
worked out in memory (a large college has a few thousand staff and a few records each).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment
from preventhub.concerns.statistics import add_months
from preventhub.core.models import Provider
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.training.choices import STATUS_RANK, AudienceType, Status
from preventhub.training.models import Course, Requirement, TrainingRecord, TrainingSettings
from preventhub.training.services import settings_for


@dataclass(frozen=True)
class CourseInfo:
    id: uuid.UUID
    title: str
    mode: str
    validity_months: int | None


@dataclass(frozen=True)
class Member:
    """A member of staff as the compliance engine sees them (no more than it needs)."""

    id: uuid.UUID
    name: str
    sort_name: str
    email: str
    job_category: str
    department_id: uuid.UUID | None
    site_id: uuid.UUID | None
    start_date: date | None
    end_date: date | None
    user_id: int | None
    roles: frozenset[str]

    def employed_on(self, day: date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True)
class Need:
    course_id: uuid.UUID
    on_induction: bool
    renew_months: int | None


@dataclass(frozen=True)
class Item:
    """One requirement of one person, as of the day asked about."""

    course_id: uuid.UUID
    status: str
    last_completed: date | None
    due_on: date | None  # when it lapses (or lapsed), or the induction deadline


@dataclass(frozen=True)
class Standing:
    member: Member
    items: tuple[Item, ...]

    @property
    def status(self) -> str | None:
        """The worst status of the person's requirements; None when nothing is required."""
        if not self.items:
            return None
        return max((i.status for i in self.items), key=lambda s: STATUS_RANK[Status(s)])

    @property
    def in_date(self) -> bool:
        return self.status in (Status.COMPLIANT, Status.DUE_SOON)


@dataclass
class TrainingData:
    """Everything the engine needs for one provider, loaded once."""

    provider: Provider
    settings: TrainingSettings
    courses: dict[uuid.UUID, CourseInfo]
    satisfiers: dict[uuid.UUID, frozenset[uuid.UUID]]
    requirements: list[Requirement]
    members: list[Member]
    # person id -> [(completed_on, course id)], oldest first
    completions: dict[uuid.UUID, list[tuple[date, uuid.UUID]]] = field(default_factory=dict)
    _needs: dict[tuple[str, frozenset[str]], list[Need]] = field(default_factory=dict)

    def needs_for(self, member: Member) -> list[Need]:
        """What ``member`` must complete; people of the same staff group and roles share it."""
        key = (member.job_category, member.roles)
        found = self._needs.get(key)
        if found is None:
            found = self._needs[key] = self._merged_needs(member)
        return found

    def _merged_needs(self, member: Member) -> list[Need]:
        merged: dict[uuid.UUID, Need] = {}
        for req in self.requirements:
            if not applies(req, member):
                continue
            seen = merged.get(req.course_id)
            if seen is None:
                merged[req.course_id] = Need(req.course_id, req.on_induction, req.renew_months)
            else:
                merged[req.course_id] = Need(
                    req.course_id,
                    seen.on_induction or req.on_induction,
                    shortest(seen.renew_months, req.renew_months),
                )
        return sorted(merged.values(), key=lambda n: self.courses[n.course_id].title)

    def standing(self, member: Member, day: date) -> Standing:
        done = [c for c in self.completions.get(member.id, []) if c[0] <= day]
        items = tuple(self._item(member, need, done, day) for need in self.needs_for(member))
        return Standing(member, items)

    def standings(self, day: date | None = None) -> list[Standing]:
        """Every member of staff employed on ``day`` (default today), in name order."""
        day = day or timezone.localdate()
        return [self.standing(m, day) for m in self.members if m.employed_on(day)]

    def _item(
        self, member: Member, need: Need, done: list[tuple[date, uuid.UUID]], day: date
    ) -> Item:
        satisfying = self.satisfiers.get(need.course_id, frozenset({need.course_id}))
        best: tuple[date, date | None] | None = None  # (completed, lapses)
        for completed, course_id in done:
            if course_id not in satisfying:
                continue
            months = shortest(need.renew_months, self.courses[course_id].validity_months)
            lapses = add_months(completed, months) if months else None
            if (
                best is None
                or later(lapses, best[1])
                or (lapses == best[1] and completed > best[0])
            ):
                best = (completed, lapses)
        if best is not None:
            completed, lapses = best
            return Item(need.course_id, self._lapse_status(lapses, day), completed, lapses)
        deadline = None
        if need.on_induction and member.start_date is not None:
            deadline = member.start_date + timedelta(days=self.settings.induction_days)
        if deadline is not None and deadline >= day:
            return Item(need.course_id, Status.DUE_SOON, None, deadline)
        return Item(need.course_id, Status.NEVER_TRAINED, None, deadline)

    def _lapse_status(self, lapses: date | None, day: date) -> str:
        if lapses is None or (lapses - day).days > self.settings.due_soon_days:
            return Status.COMPLIANT
        return Status.DUE_SOON if lapses > day else Status.OVERDUE


def shortest(a: int | None, b: int | None) -> int | None:
    """The shorter of two intervals, where None means "no limit"."""
    return min((m for m in (a, b) if m), default=None)


def later(a: date | None, b: date | None) -> bool:
    """Whether lapsing on ``a`` is later than on ``b`` (None: never lapses)."""
    if a is None:
        return b is not None
    return b is not None and a > b


def applies(req: Requirement, member: Member) -> bool:
    if req.audience_type == AudienceType.ALL_STAFF:
        return True
    if req.audience_type == AudienceType.JOB_CATEGORY:
        return req.audience == member.job_category
    return req.audience in member.roles


# --- loading -------------------------------------------------------------------------------


def course_infos(provider: Provider) -> dict[uuid.UUID, CourseInfo]:
    rows = Course.objects.for_provider(provider).values_list(
        "id", "title", "mode", "validity_months"
    )
    return {row[0]: CourseInfo(*row) for row in rows}


def satisfiers_of(
    provider: Provider, courses: Iterable[uuid.UUID]
) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """course -> every course whose completion satisfies it (itself, and what counts as it,
    directly or through another course)."""
    covers: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)  # course -> courses counting as it
    links = Course.counts_as.through.objects.filter(from_course__provider=provider).values_list(
        "from_course_id", "to_course_id"
    )
    for from_id, to_id in links:
        covers[to_id].add(from_id)
    result = {}
    for course_id in courses:
        found, todo = {course_id}, [course_id]
        while todo:
            for other in covers.get(todo.pop(), ()):
                if other not in found:
                    found.add(other)
                    todo.append(other)
        result[course_id] = frozenset(found)
    return result


def current_roles(provider: Provider) -> dict[int, frozenset[str]]:
    now = timezone.now()
    rows = (
        RoleAssignment.objects.for_provider(provider)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), user__is_active=True)
        .values_list("user_id", "role")
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in rows:
        roles[user_id].add(role)
    return {user_id: frozenset(held) for user_id, held in roles.items()}


MEMBER_FIELDS = (
    "id", "first_name", "preferred_name", "last_name", "email", "job_category",
    "department_id", "site_id", "start_date", "end_date", "user_id",
)  # fmt: skip


def staff_members(provider: Provider, people: Iterable[uuid.UUID] | None = None) -> list[Member]:
    roles = current_roles(provider)
    rows = Person.objects.for_provider(provider).filter(kind=PersonKind.STAFF)
    if people is not None:
        rows = rows.filter(pk__in=list(people))
    members = []
    for row in rows.order_by("last_name", "first_name", "id").values(*MEMBER_FIELDS):
        first = row["preferred_name"] or row["first_name"]
        members.append(
            Member(
                id=row["id"],
                name=f"{first} {row['last_name']}".strip(),
                sort_name=f"{row['last_name']}, {first}",
                email=row["email"],
                job_category=row["job_category"],
                department_id=row["department_id"],
                site_id=row["site_id"],
                start_date=row["start_date"],
                end_date=row["end_date"],
                user_id=row["user_id"],
                roles=roles.get(row["user_id"], frozenset()) if row["user_id"] else frozenset(),
            )
        )
    return members


def load(provider: Provider, *, people: Iterable[uuid.UUID] | None = None) -> TrainingData:
    """The provider's catalogue, matrix, staff and completions (``people``: only those)."""
    settings = settings_for(provider)  # first: on first use it loads the suggested defaults
    courses = course_infos(provider)
    requirements = list(
        Requirement.objects.for_provider(provider).filter(course__active=True).order_by("pk")
    )
    members = staff_members(provider, people)
    records = TrainingRecord.objects.for_provider(provider)
    if people is not None:
        records = records.filter(person_id__in=[m.id for m in members])
    completions: dict[uuid.UUID, list[tuple[date, uuid.UUID]]] = defaultdict(list)
    for person_id, completed_on, course_id in records.order_by("completed_on").values_list(
        "person_id", "completed_on", "course_id"
    ):
        completions[person_id].append((completed_on, course_id))
    return TrainingData(
        provider=provider,
        settings=settings,
        courses=courses,
        satisfiers=satisfiers_of(provider, courses),
        requirements=requirements,
        members=members,
        completions=dict(completions),
    )
