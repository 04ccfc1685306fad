"""Training linked to what the system already knows: the share of concerns raised by each staff
group before and after the people who raised them were trained (issue 6, item 4).

If training works, staff who rarely spoke up (estates, support) should raise a bigger share of
concerns afterwards. Each concern is attributed to its reporter's staff group (the reporter's
sign-in → their staff record), and counted "before" or "after" by whether the reporter had
completed any training in the catalogue by the day they raised it.

Only aggregates leave the database (one ``GROUP BY`` query): never a concern, a reporter or a
name. The counts are protected as the concern statistics are (``concerns.statistics.protect``):
for everyone but the safeguarding team, 1 to 4 is "fewer than 5", and a figure that would let
a hidden one be worked out is not shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from preventhub.accounts.selectors import roles_for
from preventhub.concerns.choices import Category
from preventhub.concerns.models import Concern
from preventhub.concerns.statistics import EXACT_ROLES, Figure, Tally, protect, protect_one
from preventhub.core.models import Provider
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person
from preventhub.training.models import TrainingRecord


@dataclass(frozen=True)
class OutcomeRow:
    key: str
    label: str
    staff_percent: int | None  # this group's share of today's staff
    before: Figure
    before_percent: int | None
    after: Figure
    after_percent: int | None


@dataclass(frozen=True)
class OutcomeLink:
    exact: bool
    prevent_only: bool
    rows: list[OutcomeRow]
    before_total: Figure
    after_total: Figure
    not_staff: Figure  # raised by learners or people with no staff record

    @property
    def any_concerns(self) -> bool:
        return bool(self.before_total.value or self.after_total.value) or not (
            self.before_total.shown and self.after_total.shown
        )


def counts(provider: Provider, *, prevent_only: bool) -> Counter[tuple[str, bool]]:
    """(reporter's staff group or "", raised after their first training) -> concerns."""
    staff = Person.objects.for_provider(provider).filter(
        user=OuterRef("reporter"), kind=PersonKind.STAFF
    )
    first = (
        TrainingRecord.objects.for_provider(provider)
        .filter(person__user=OuterRef("reporter"))
        .order_by()
        .values("person__user")
        .annotate(first=Min("completed_on"))
        .values("first")
    )
    concerns = Concern.objects.for_provider(provider)
    if prevent_only:
        concerns = concerns.filter(category=Category.PREVENT)
    rows = (
        concerns.annotate(
            group=Subquery(staff.values("job_category")[:1]),
            trained_on=Subquery(first[:1]),
            raised_on=TruncDate("created_at", tzinfo=timezone.get_default_timezone()),
        )
        .annotate(
            after=Case(
                When(Q(trained_on__isnull=False, trained_on__lte=F("raised_on")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by()
        .values("group", "after")
        .annotate(n=Count("pk"))
    )
    found: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        found[(row["group"] or "", bool(row["after"]))] += row["n"]
    return found


def staff_shares(provider: Provider) -> dict[str, int]:
    today = timezone.localdate()
    current = (
        Person.objects.for_provider(provider)
        .filter(kind=PersonKind.STAFF)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by()
        .values_list("job_category")
        .annotate(n=Count("pk"))
    )
    by_group = dict(current)
    total = sum(by_group.values())
    return {str(k): round(100 * n / total) for k, n in by_group.items()} if total else {}


def percent(figure: Figure, total: Figure) -> int | None:
    if figure.value is None or not total.value:
        return None
    return round(100 * figure.value / total.value)


def outcome_link(user: object, provider: Provider, *, prevent_only: bool = False) -> OutcomeLink:
    exact = bool(roles_for(user, provider) & EXACT_ROLES)
    found = counts(provider, prevent_only=prevent_only)
    groups = [(str(k), str(label)) for k, label in JobCategory.choices]
    not_staff = sum(n for (group, _), n in found.items() if not group)
    figures: dict[bool, tuple[Figure, list[Figure]]] = {}
    for trained in (False, True):
        total = protect_one(
            Tally("total", "All staff", sum(found[(k, trained)] for k, _ in groups)), exact=exact
        )
        tallies = [Tally(k, label, found[(k, trained)]) for k, label in groups]
        figures[trained] = (total, protect(tallies, exact=exact, total_shown=total.shown))
    before_total, before = figures[False]
    after_total, after = figures[True]
    shares = staff_shares(provider)
    rows = [
        OutcomeRow(
            key, label, shares.get(key), b, percent(b, before_total), a, percent(a, after_total)
        )
        for (key, label), b, a in zip(groups, before, after, strict=True)
        if shares.get(key) or found[(key, False)] or found[(key, True)]
    ]
    return OutcomeLink(
        exact=exact,
        prevent_only=prevent_only,
        rows=rows,
        before_total=before_total,
        after_total=after_total,
        not_staff=protect_one(Tally("not_staff", "Not staff", not_staff), exact=exact),
    )
