"""Compliance figures from the engine's standings: by role, staff group, department and site;
the action list a manager works through; and coverage month by month for the chart.

Governors and inspectors see the figures without names, and a group of fewer than
``SMALL_GROUP`` people shows no breakdown (it would point at the people in it).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Max

from preventhub.accounts.models import RoleAssignment
from preventhub.accounts.roles import Role
from preventhub.concerns.statistics import add_months
from preventhub.core.models import Department, Provider, Site
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person
from preventhub.training.choices import ACTION_STATUSES, STATUS_RANK, Status
from preventhub.training.compliance import Item, Member, Standing, TrainingData
from preventhub.training.models import Course, Requirement, TrainingRecord, TrainingSettings

SMALL_GROUP = 3
NO_SIGN_IN = "no_sign_in"


class GroupBy(models.TextChoices):
    ROLE = "role", "Role"
    JOB_CATEGORY = "job_category", "Staff group"
    DEPARTMENT = "department", "Department"
    SITE = "site", "Site"


@dataclass
class GroupRow:
    key: str
    label: str
    counts: Counter[str]
    suppressed: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def compliant(self) -> int:
        return self.count(Status.COMPLIANT)

    @property
    def due_soon(self) -> int:
        return self.count(Status.DUE_SOON)

    @property
    def overdue(self) -> int:
        return self.count(Status.OVERDUE)

    @property
    def never_trained(self) -> int:
        return self.count(Status.NEVER_TRAINED)

    @property
    def in_date(self) -> int:
        return self.compliant + self.due_soon

    @property
    def in_date_percent(self) -> int | None:
        return round(100 * self.in_date / self.total) if self.total else None


def counted(standings: Iterable[Standing]) -> list[Standing]:
    """The standings that count: people with at least one requirement."""
    return [s for s in standings if s.status is not None]


def totals(standings: Iterable[Standing]) -> GroupRow:
    return GroupRow("all", "All staff", Counter(str(s.status) for s in counted(standings)))


def names(provider: Provider, by: str) -> dict[str, str]:
    if by == GroupBy.DEPARTMENT:
        return {
            str(pk): n
            for pk, n in Department.objects.for_provider(provider).values_list("pk", "name")
        }
    if by == GroupBy.SITE:
        return {
            str(pk): n for pk, n in Site.objects.for_provider(provider).values_list("pk", "name")
        }
    if by == GroupBy.JOB_CATEGORY:
        return {str(k): str(v) for k, v in JobCategory.choices}
    return {str(k): str(v) for k, v in Role.choices} | {NO_SIGN_IN: "No PreventHub sign-in"}


def keys_of(member: Member, by: str) -> list[str]:
    if by == GroupBy.ROLE:
        return sorted(member.roles) or [NO_SIGN_IN]
    if by == GroupBy.JOB_CATEGORY:
        return [member.job_category]
    if by == GroupBy.DEPARTMENT:
        return [str(member.department_id) if member.department_id else ""]
    return [str(member.site_id) if member.site_id else ""]


NONE_LABELS = {
    GroupBy.JOB_CATEGORY: "Staff group not recorded",
    GroupBy.DEPARTMENT: "No department",
    GroupBy.SITE: "No site",
}


def group_rows(
    provider: Provider, standings: Iterable[Standing], by: str, *, anonymised: bool
) -> list[GroupRow]:
    """One row per group (a person with several roles counts under each), largest first."""
    labels = names(provider, by)
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for standing in counted(standings):
        for key in keys_of(standing.member, by):
            groups[key][str(standing.status)] += 1
    rows = [
        GroupRow(
            key or "none",
            labels.get(key, key) if key else NONE_LABELS.get(GroupBy(by), "None"),
            counts,
            suppressed=anonymised and sum(counts.values()) < SMALL_GROUP,
        )
        for key, counts in groups.items()
    ]
    return sorted(rows, key=lambda r: (r.key == "none", -r.total, r.label))


# --- the action list -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    standing: Standing
    item: Item
    course_title: str

    @property
    def status(self) -> str:
        return self.item.status


def action_rows(
    data: TrainingData,
    standings: Iterable[Standing],
    *,
    statuses: Iterable[str] = ACTION_STATUSES,
    department: uuid.UUID | None = None,
    site: uuid.UUID | None = None,
) -> list[ActionRow]:
    """Every requirement not met or due soon: never trained and overdue first, soonest due
    first within each."""
    wanted = set(statuses)
    rows = []
    for standing in standings:
        member = standing.member
        if department is not None and member.department_id != department:
            continue
        if site is not None and member.site_id != site:
            continue
        for item in standing.items:
            if item.status in wanted:
                rows.append(ActionRow(standing, item, data.courses[item.course_id].title))
    far = date.max
    return sorted(
        rows,
        key=lambda r: (
            -STATUS_RANK[Status(r.status)],
            r.item.due_on or far,
            r.standing.member.sort_name,
        ),
    )


# --- coverage over time --------------------------------------------------------------------


@dataclass(frozen=True)
class CoveragePoint:
    day: date
    in_date: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_date / self.total) if self.total else None


def month_ends(today: date, months: int) -> list[date]:
    """The last day of each of the ``months - 1`` months before this one, then today."""
    first_of_this = today.replace(day=1)
    ends = [add_months(first_of_this, 1 - n) - timedelta(days=1) for n in range(months - 1, 0, -1)]
    return [*ends, today]


def coverage_fingerprint(provider: Provider) -> str:
    """Changes whenever anything the coverage depends on changes (records, staff, roles, the
    matrix, the catalogue, the settings), from a few aggregate queries."""
    parts = [
        TrainingSettings.objects.filter(provider=provider)
        .values_list("updated_at", flat=True)
        .first()
    ]
    staff = Person.objects.for_provider(provider).filter(kind=PersonKind.STAFF)
    others = (TrainingRecord, RoleAssignment, Requirement, Course)
    for rows in (staff, *(m.objects.for_provider(provider) for m in others)):
        stats = rows.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts += [stats["n"], stats["last"]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached_coverage(data: TrainingData, today: date, months: int = 12) -> list[CoveragePoint]:
    """``coverage_series``, kept for the day until the data under it changes (it works out a
    year of month-ends for every member of staff, the costliest figure on the overview)."""
    key = f"training-coverage:{data.provider.pk}:{today.isoformat()}:{months}:"
    key += coverage_fingerprint(data.provider)
    found = cache.get(key)
    if found is None:
        found = coverage_series(data, today, months)
        cache.set(key, found, timeout=24 * 3600)
    return list(found)


def coverage_series(data: TrainingData, today: date, months: int = 12) -> list[CoveragePoint]:
    """The share of staff (with a requirement) whose training was in date at each month's end,
    measured against today's requirements matrix and roles."""
    points = []
    for day in month_ends(today, months):
        standings = counted(data.standings(day))
        points.append(CoveragePoint(day, sum(1 for s in standings if s.in_date), len(standings)))
    return points
