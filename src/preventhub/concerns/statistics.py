"""Anonymised statistics of the referral pathway, for leaders, governors and inspectors.

Only counts and durations leave this module: never a name, a reference or a narrative. Every
figure is an aggregate computed by the database (``GROUP BY``, ``COUNT``, and on PostgreSQL
``percentile_cont``), so the cost grows with the number of groups, not of concerns. SQLite has
no percentile aggregate: there the database sorts the waits and returns the one or two rows each
percentile needs (``ORDER BY ... LIMIT 2 OFFSET k``), so no more than two rows reach Python.

Every figure except "open now, by age" counts the concerns *raised* in the period (their
``created_at``), whatever happened to them since; "open now" is a snapshot of every concern not
yet closed, whenever it was raised.

Small numbers identify people in a small provider ("the one Prevent concern this term"). For
everyone but the safeguarding team, a count from 1 to 4 is shown as "fewer than 5"; and where
the other figures of a breakdown would give it away by subtraction from a total that is shown,
one more figure is withheld ("not shown"). See ``protect`` and docs/statistics.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connections, models
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.choices import Category, ClosureReason, Decision, Ideology, Status
from preventhub.concerns.models import Concern
from preventhub.core.models import Provider

# Counts below this are shown as "fewer than 5" to everyone outside the safeguarding team.
SMALL_NUMBER = 5
# Who sees exact figures: the safeguarding team, who see the concerns themselves anyway.
EXACT_ROLES = frozenset({Role.DSL, Role.DEPUTY_DSL})
AUDIT_OBJECT_TYPE = "concerns.statistics"
AWAITING = "awaiting"
FEWER_THAN = f"fewer than {SMALL_NUMBER}"
NOT_SHOWN = "not shown"


# --- periods -------------------------------------------------------------------------------


class PeriodKey(models.TextChoices):
    TERM = "term", "This term"
    ACADEMIC_YEAR = "academic_year", "This academic year"
    LAST_ACADEMIC_YEAR = "last_academic_year", "Last academic year"
    LAST_12_MONTHS = "last_12_months", "Last 12 months"


DEFAULT_PERIOD = PeriodKey.ACADEMIC_YEAR


@dataclass(frozen=True)
class Period:
    """A span of whole days in UK time: from ``first_day`` to ``last_day``, both included."""

    key: str
    label: str
    first_day: date
    last_day: date
    # The last day that has happened: the period's end, or today for the current period.
    through: date

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight at the start of the day after ``last_day``."""
        return local_midnight(self.last_day + timedelta(days=1))

    @property
    def months(self) -> list[date]:
        """The first day of every month from the start to ``through``, in order."""
        months, month = [], self.first_day.replace(day=1)
        while month <= self.through:
            months.append(month)
            month = add_months(month, 1)
        return months


def local_midnight(day: date) -> datetime:
    """00:00 UK time (GMT or BST, whichever applies that day) on ``day``."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first_of_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (first_of_next - timedelta(days=1)).day))


def academic_year_start(day: date) -> date:
    """1 September of the academic year (1 September to 31 August) that ``day`` falls in."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous Meeus/Jones/Butcher algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def term_of(day: date) -> tuple[str, date, date]:
    """The term ``day`` falls in: autumn (1 Sep-31 Dec), spring (1 Jan to the day before
    Easter Day) or summer (Easter Day to 31 Aug). Holidays count in the term they follow or
    precede, so every day of the year belongs to exactly one term."""
    if day.month >= 9:
        return "Autumn term", date(day.year, 9, 1), date(day.year, 12, 31)
    easter = easter_sunday(day.year)
    if day < easter:
        return "Spring term", date(day.year, 1, 1), easter - timedelta(days=1)
    return "Summer term", easter, date(day.year, 8, 31)


def period_for(key: str, *, today: date | None = None) -> Period:
    """The period ``key`` names, as seen on ``today`` (UK time). Unknown keys raise ValueError."""
    today = today or timezone.localdate()
    if key == PeriodKey.TERM:
        name, first, last = term_of(today)
        return Period(key, f"{name} {first.year}", first, last, today)
    if key == PeriodKey.ACADEMIC_YEAR:
        first = academic_year_start(today)
        return Period(key, _year_label(first), first, _year_end(first), today)
    if key == PeriodKey.LAST_ACADEMIC_YEAR:
        first = academic_year_start(today).replace(year=academic_year_start(today).year - 1)
        last = _year_end(first)
        return Period(key, _year_label(first), first, last, last)
    if key == PeriodKey.LAST_12_MONTHS:
        first = add_months(today.replace(day=1), -11)
        return Period(key, PeriodKey.LAST_12_MONTHS.label, first, today, today)
    raise ValueError(f"Unknown period: {key!r}.")


def _year_end(first: date) -> date:
    return date(first.year + 1, 8, 31)


def _year_label(first: date) -> str:
    return f"Academic year {first.year} to {first.year + 1}"


# --- exact figures (for the safeguarding team, and the input to ``publish``) ---------------


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ConcernCounts:
    total: int
    by_category: list[Tally]
    by_ideology: list[Tally]
    # Latest decision on each concern, or "awaiting" a first decision.
    by_outcome: list[Tally]
    closed: int
    closed_by_reason: list[Tally]


@dataclass(frozen=True)
class TriageTimes:
    """Time from a concern being raised to its first triage decision (decided ones only)."""

    decided: int
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True)
class ConcernStatistics:
    """Exact figures. Never shown as they are to anyone outside the team: see ``publish``."""

    period: Period
    counts: ConcernCounts
    triage: TriageTimes
    by_month: list[Tally]
    open_total: int
    open_by_age: list[Tally]


def raised_in(provider: Provider, period: Period) -> QuerySet[Concern]:
    return Concern.objects.for_provider(provider).filter(
        created_at__gte=period.start, created_at__lt=period.end
    )


def _tallies(counts: Counter[str], choices: Iterable[tuple[str, str]]) -> list[Tally]:
    """One tally per choice, in the choices' order (a stable order from period to period)."""
    return [Tally(str(key), str(label), counts.get(str(key), 0)) for key, label in choices]


OUTCOME_CHOICES = [(AWAITING, "Awaiting a first decision"), *Decision.choices]


def concern_counts(provider: Provider, period: Period) -> ConcernCounts:
    """Volumes by category, ideology, latest decision and closure reason: one GROUP BY."""
    rows = (
        raised_in(provider, period)
        .values("category", "ideology", "latest_decision", "status", "closure_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    category: Counter[str] = Counter()
    ideology: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    reason: Counter[str] = Counter()
    for row in rows:
        n = row["n"]
        category[row["category"]] += n
        if row["category"] == Category.PREVENT:
            ideology[row["ideology"] or Ideology.OTHER] += n
        outcome[row["latest_decision"] or AWAITING] += n
        if row["status"] == Status.CLOSED:
            reason[row["closure_reason"] or ClosureReason.NO_FURTHER_ACTION] += n
    return ConcernCounts(
        total=sum(category.values()),
        by_category=_tallies(category, Category.choices),
        by_ideology=_tallies(ideology, Ideology.choices),
        by_outcome=_tallies(outcome, OUTCOME_CHOICES),
        closed=sum(reason.values()),
        closed_by_reason=_tallies(reason, ClosureReason.choices),
    )


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the percentile ``fraction`` of ``expression``,
    interpolated between the two nearest values (as ``percentile_by_offset`` does)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction from 0 to 1.")
        super().__init__(expression, fraction=float(fraction), output_field=DurationField())


WAIT = ExpressionWrapper(F("first_decision_at") - F("created_at"), output_field=DurationField())


def _decided(provider: Provider, period: Period) -> QuerySet[Concern]:
    return raised_in(provider, period).filter(first_decision_at__isnull=False)


def triage_times(provider: Provider, period: Period) -> TriageTimes:
    """Median and 90th percentile wait from report to first triage decision."""
    decided = _decided(provider, period)
    if connections[decided.db].vendor == "postgresql":
        row = decided.aggregate(
            n=Count("pk"), median=PercentileCont(WAIT, 0.5), p90=PercentileCont(WAIT, 0.9)
        )
        return TriageTimes(row["n"], row["median"], row["p90"])
    n = decided.count()
    return TriageTimes(
        n, percentile_by_offset(decided, n, 0.5), percentile_by_offset(decided, n, 0.9)
    )


def percentile_by_offset(decided: QuerySet[Concern], n: int, fraction: float) -> timedelta | None:
    """``percentile_cont`` for databases without it: the database sorts the waits and returns
    only the one or two rows either side of the percentile's position."""
    if n == 0:
        return None
    position = fraction * (n - 1)
    low = math.floor(position)
    rows = decided.annotate(wait=wait_seconds(decided.db)).order_by("wait")
    waits = [_seconds(w) for w in rows.values_list("wait", flat=True)[low : low + 2]]
    if not waits:  # decisions withdrawn since they were counted
        return None
    value = waits[0] if len(waits) == 1 else waits[0] + (waits[1] - waits[0]) * (position - low)
    # To the millisecond: SQLite's day fractions are floats (the page shows minutes).
    return timedelta(seconds=round(value, 3))


def wait_seconds(alias: str) -> Any:
    """The wait as an expression the database sorts by. Django subtracts datetimes on SQLite
    with a Python function called for every row; SQLite's own julianday() is many times faster."""
    if connections[alias].vendor != "sqlite":
        return WAIT

    def julian(field: str) -> Func:
        return Func(F(field), function="julianday", output_field=FloatField())

    day = julian("first_decision_at") - julian("created_at")
    return ExpressionWrapper(day * 86400, output_field=FloatField())


def _seconds(wait: timedelta | float) -> float:
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def volume_by_month(provider: Provider, period: Period) -> list[Tally]:
    """Concerns raised in each calendar month (UK time) of the period, zero months included.

    One pass with a conditional COUNT per month between midnights computed here in UK time:
    exact across the clock changes on every database, with no per-row date function (SQLite's
    would be a Python function called for every row)."""
    months = period.months
    if not months:
        return []
    edges = [max(period.start, local_midnight(m)) for m in months]
    edges.append(min(period.end, local_midnight(add_months(months[-1], 1))))
    row = raised_in(provider, period).aggregate(
        **{
            f"m{i}": Count("pk", filter=Q(created_at__gte=edges[i], created_at__lt=edges[i + 1]))
            for i in range(len(months))
        }
    )
    return [Tally(m.isoformat(), f"{m:%B %Y}", row[f"m{i}"]) for i, m in enumerate(months)]


AGE_BANDS = [
    ("under_1_week", "Under 1 week"),
    ("1_to_4_weeks", "1 to 4 weeks"),
    ("1_to_3_months", "1 to 3 months"),
    ("3_to_6_months", "3 to 6 months"),
    ("over_6_months", "Over 6 months"),
]


def open_by_age(provider: Provider, now: datetime | None = None) -> list[Tally]:
    """Every concern not yet closed, by time since it was raised: one conditional COUNT."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    edges = [
        now - timedelta(days=7),
        now - timedelta(days=28),
        _months_before(local, 3),
        _months_before(local, 6),
    ]
    bands = [
        Q(created_at__gt=edges[0]),
        Q(created_at__lte=edges[0], created_at__gt=edges[1]),
        Q(created_at__lte=edges[1], created_at__gt=edges[2]),
        Q(created_at__lte=edges[2], created_at__gt=edges[3]),
        Q(created_at__lte=edges[3]),
    ]
    row = (
        Concern.objects.for_provider(provider)
        .exclude(status=Status.CLOSED)
        .aggregate(
            **{key: Count("pk", filter=q) for (key, _), q in zip(AGE_BANDS, bands, strict=True)}
        )
    )
    return [Tally(key, label, row[key]) for key, label in AGE_BANDS]


def _months_before(local: datetime, months: int) -> datetime:
    moved = add_months(local.date(), -months)
    return timezone.make_aware(datetime.combine(moved, local.timetz().replace(tzinfo=None)))


def concern_statistics(
    provider: Provider, period: Period, *, now: datetime | None = None
) -> ConcernStatistics:
    """Every figure of the statistics page, exact: four aggregate queries (six on SQLite)."""
    ages = open_by_age(provider, now)
    return ConcernStatistics(
        period=period,
        counts=concern_counts(provider, period),
        triage=triage_times(provider, period),
        by_month=volume_by_month(provider, period),
        open_total=sum(t.count for t in ages),
        open_by_age=ages,
    )


# --- what a viewer may see: small numbers protected ------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published figure: ``value`` is None when it is not shown (then ``display`` says why).

    ``short`` is the form for narrow chart labels ("<5", "–")."""

    key: str
    label: str
    value: int | None
    display: str
    short: str

    @property
    def shown(self) -> bool:
        return self.value is not None


def exact_figure(tally: Tally) -> Figure:
    text = f"{tally.count:,}"
    return Figure(tally.key, tally.label, tally.count, text, text)


def is_small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER


def protect_one(tally: Tally, *, exact: bool) -> Figure:
    """A single figure: 1 to 4 becomes "fewer than 5" unless the viewer sees exact figures."""
    if exact or not is_small(tally.count):
        return exact_figure(tally)
    return Figure(tally.key, tally.label, None, FEWER_THAN, f"<{SMALL_NUMBER}")


def protect(
    tallies: Sequence[Tally],
    *,
    exact: bool,
    total_shown: bool = True,
    avoid: Iterable[str] = (),
) -> list[Figure]:
    """The figures of one breakdown, protected as a whole.

    Primary: each count from 1 to 4 is "fewer than 5". Secondary: the figures of a breakdown add
    up to its total, so when the total is shown, subtraction tells what the hidden figures add
    up to. That pins them down when only one is hidden, or when they add up to as little (all
    1) or as much (all 4) as they can; then the smallest other non-zero figure is withheld as
    well ("not shown"), preferring figures whose keys are not in ``avoid`` (a figure that is
    itself the total of another breakdown). When the total is *not* shown (``total_shown=False``,
    it was withheld elsewhere), the breakdown must not reveal it, so at least one figure is
    hidden.
    """
    if exact:
        return [exact_figure(t) for t in tallies]
    small = [t.count for t in tallies if is_small(t.count)]
    hidden = {t.key for t in tallies if is_small(t.count)}
    pinned = len(small) == 1 or (
        bool(small) and sum(small) in (len(small), (SMALL_NUMBER - 1) * len(small))
    )
    if (total_shown and pinned) or (not total_shown and not hidden):
        avoided = set(avoid)
        # Hiding a 5 beside hidden 1s still adds up to only one answer (1s and a 5).
        still_pinned = len(small) + SMALL_NUMBER - sum(small)
        candidates = [t for t in tallies if t.count >= SMALL_NUMBER]
        if candidates:
            chosen = min(
                candidates, key=lambda t: (t.key in avoided, t.count == still_pinned, t.count)
            )
            hidden.add(chosen.key)
    return [_hidden(t) if t.key in hidden else exact_figure(t) for t in tallies]


def _hidden(tally: Tally) -> Figure:
    if is_small(tally.count):
        return Figure(tally.key, tally.label, None, FEWER_THAN, f"<{SMALL_NUMBER}")
    return Figure(tally.key, tally.label, None, NOT_SHOWN, "–")


@dataclass(frozen=True)
class Wait:
    """A published duration; ``value`` is None when too few concerns were decided to show it."""

    value: timedelta | None
    display: str


@dataclass(frozen=True)
class PublishedStatistics:
    """What one viewer may see: exact for the safeguarding team, protected for everyone else."""

    period: Period
    exact: bool
    total: Figure
    prevent: Figure
    awaiting: Figure
    open_total: Figure
    closed: Figure
    median_wait: Wait
    p90_wait: Wait
    by_category: list[Figure]
    by_ideology: list[Figure]
    by_outcome: list[Figure]
    closed_by_reason: list[Figure]
    by_month: list[Figure]
    open_by_age: list[Figure]

    @property
    def any_hidden(self) -> bool:
        figures = [
            self.total,
            self.open_total,
            self.closed,
            *self.by_category,
            *self.by_ideology,
            *self.by_outcome,
            *self.closed_by_reason,
            *self.by_month,
            *self.open_by_age,
        ]
        return any(not f.shown for f in figures)


def publish(stats: ConcernStatistics, *, exact: bool) -> PublishedStatistics:
    """The figures one viewer may see (``exact`` for the safeguarding team)."""
    counts = stats.counts
    total = protect_one(Tally("total", "Concerns raised", counts.total), exact=exact)
    categories = breakdown(counts.by_category, total, exact=exact, avoid=[Category.PREVENT])
    outcomes = breakdown(counts.by_outcome, total, exact=exact)
    prevent = _part(categories, counts.by_category, Category.PREVENT, exact)
    closed = protect_one(Tally("closed", "Closed", counts.closed), exact=exact)
    open_total = protect_one(Tally("open", "Open now", stats.open_total), exact=exact)
    return PublishedStatistics(
        period=stats.period,
        exact=exact,
        total=total,
        prevent=prevent,
        awaiting=_part(outcomes, counts.by_outcome, AWAITING, exact),
        open_total=open_total,
        closed=closed,
        median_wait=_wait(stats.triage.median, stats.triage.decided, exact),
        p90_wait=_wait(stats.triage.p90, stats.triage.decided, exact),
        by_category=categories,
        by_ideology=breakdown(counts.by_ideology, prevent, exact=exact),
        by_outcome=outcomes,
        closed_by_reason=breakdown(counts.closed_by_reason, closed, exact=exact),
        by_month=breakdown(stats.by_month, total, exact=exact),
        open_by_age=breakdown(stats.open_by_age, open_total, exact=exact),
    )


def breakdown(
    tallies: Sequence[Tally], parent: Figure, *, exact: bool, avoid: Iterable[str] = ()
) -> list[Figure]:
    """A breakdown of ``parent``, protected; none at all (an empty list) when the parent is
    itself "fewer than 5", since any split of so few points at the people in it."""
    if not exact and parent.display == FEWER_THAN:
        return []
    return protect(tallies, exact=exact, total_shown=parent.shown, avoid=avoid)


def _part(figures: list[Figure], tallies: Sequence[Tally], key: str, exact: bool) -> Figure:
    """One figure of a breakdown as published there, or alone when it was not broken down."""
    found = next((f for f in figures if f.key == key), None)
    return found or protect_one(next(t for t in tallies if t.key == key), exact=exact)


def _wait(value: timedelta | None, decided: int, exact: bool) -> Wait:
    """One decided concern's wait is that concern's own: too few decisions are not shown."""
    if value is None:
        return Wait(None, "no decisions yet")
    if not exact and decided < SMALL_NUMBER:
        return Wait(None, f"not shown (fewer than {SMALL_NUMBER} decisions)")
    return Wait(value, describe_duration(value))


def describe_duration(value: timedelta) -> str:
    """A wait in words: "45 minutes", "3 hours 20 minutes" (to the nearest minute) or, from a
    day up, "2 days 4 hours" (to the nearest hour)."""
    minutes = round(value.total_seconds() / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 24 * 60:
        parts = [(minutes // 60, "hour"), (minutes % 60, "minute")]
    else:
        days, hours = divmod(round(minutes / 60), 24)
        parts = [(days, "day"), (hours, "hour")]
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)


def sees_exact_figures(user: Any, provider: Provider) -> bool:
    return bool(roles_for(user, provider) & EXACT_ROLES)


def statistics_for(
    user: Any, provider: Provider, period: Period, *, now: datetime | None = None
) -> PublishedStatistics:
    """The statistics ``user`` may see at ``provider`` (call only with concerns.view_statistics)."""
    stats = concern_statistics(provider, period, now=now)
    return publish(stats, exact=sees_exact_figures(user, provider))


def statistics_record_view(
    *, actor: Any, provider: Provider, period: Period, exact: bool, via: str = "page"
) -> None:
    """Each look at the statistics is audited: who, when, which period, exact or protected."""
    audit_record(
        actor=actor,
        action="view",
        object_type=AUDIT_OBJECT_TYPE,
        provider_id=provider.pk,
        detail={"period": period.key, "exact": exact, "via": via},
    )
