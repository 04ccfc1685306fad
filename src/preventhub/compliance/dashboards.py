"""The three dashboards' figures: leaders (what needs attention this week), governors (the
termly trend, anonymised) and the safeguarding lead (open cases, overdue actions, alerts).

Every figure is a ``Tile`` carrying the link to the records behind it and the permission needed
to follow the link; the page shows the link only to users who hold it. Concern counts on the
leaders' and governors' dashboards are protected (1 to 4 is "fewer than 5"), as everywhere
outside the safeguarding team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from preventhub.compliance.status import AreaStatus
from preventhub.concerns.choices import Category
from preventhub.concerns.choices import Status as ConcernStatus
from preventhub.concerns.models import CaseAction, Concern
from preventhub.concerns.statistics import (
    FEWER_THAN,
    Period,
    Tally,
    open_by_age,
    protect_one,
    term_of,
)
from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.models import Provider
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import Alert
from preventhub.policies.choices import PolicyStatus
from preventhub.policies.models import Policy
from preventhub.premises.selectors import awaiting_follow_up, rota
from preventhub.referrals.choices import ChannelStatus, ReferralStatus
from preventhub.referrals.models import ChannelCase, PreventReferral
from preventhub.risk.choices import OPEN_ACTION_STATUSES
from preventhub.risk.models import RiskAction
from preventhub.speakers.choices import APPROVED_STATUSES, Status
from preventhub.speakers.models import EventRequest
from preventhub.training.reports import counted

WEEK = 7
TERMS = 6


@dataclass(frozen=True)
class Tile:
    """One figure: what it counts, the number (or its protected form), and where it comes from."""

    label: str
    display: str
    url: str = ""
    perm: str = ""
    tone: str = "info"  # "bad" draws attention
    hint: str = ""


def url_of(name: str, query: str = "") -> str:
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def protected_figure(n: int) -> str:
    figure = protect_one(Tally("n", "", n), exact=False)
    return figure.display if figure.shown else FEWER_THAN


# --- leaders: this week --------------------------------------------------------------------------


def leader_tiles(provider: Provider, now: datetime, statuses: list[AreaStatus]) -> list[Tile]:
    today = timezone.localdate(now)
    week = today + timedelta(days=WEEK)
    actions = RiskAction.objects.for_provider(provider).filter(status__in=OPEN_ACTION_STATUSES)
    overdue = actions.filter(due_on__lt=today).count()
    due = actions.filter(due_on__gte=today, due_on__lte=week).count()
    events = EventRequest.objects.for_provider(provider)
    undecided = events.filter(
        status=Status.SUBMITTED, starts_at__lt=now + timedelta(days=14), ends_at__gte=now
    ).count()
    this_week = events.filter(
        status__in=list(APPROVED_STATUSES),
        starts_at__gte=now,
        starts_at__lt=now + timedelta(days=WEEK),
    ).count()
    reviews = (
        Policy.objects.for_provider(provider)
        .filter(status=PolicyStatus.PUBLISHED, review_on__lte=today + timedelta(days=30))
        .count()
    )
    rooms = sum(1 for r in rota(provider, now) if r.due_on <= week)
    waiting = (
        Concern.objects.for_provider(provider)
        .filter(status__in=[ConcernStatus.NEW, ConcernStatus.IN_TRIAGE])
        .count()
    )
    red = sum(s.red for s in statuses)
    return [
        Tile(
            "Must-fix findings",
            f"{red:,}",
            url_of("compliance:summary"),
            "compliance.view_summary",
            "bad" if red else "info",
            "Across the seven areas",
        ),
        Tile(
            "Risk actions overdue",
            f"{overdue:,}",
            url_of("risk:register"),
            "risk.view_assessment",
            "bad" if overdue else "info",
            f"{due:,} more due in the next {WEEK} days",
        ),
        Tile(
            "Events in the next 14 days with no decision",
            f"{undecided:,}",
            url_of("speakers:queue"),
            "speakers.manage",
            "bad" if undecided else "info",
            f"{this_week:,} approved events this week",
        ),
        Tile(
            "Policies due for review within 30 days",
            f"{reviews:,}",
            url_of("policies:list"),
            "policies.view_register",
            "bad" if reviews else "info",
        ),
        Tile(
            "Faith rooms due a monitoring visit this week",
            f"{rooms:,}",
            url_of("premises:rota"),
            "premises.view_register",
        ),
        Tile(
            "Concerns awaiting a first decision",
            protected_figure(waiting),
            url_of("concerns:inbox"),
            "concerns.view_inbox",
            "bad" if waiting else "info",
            "Counts of 1 to 4 are shown as fewer than 5",
        ),
        *_training_tile(provider, today),
    ]


def _training_tile(provider: Provider, today: date) -> list[Tile]:
    from preventhub.training.compliance import load

    standings = counted(load(provider).standings(today))
    lapsing = sum(1 for s in standings if s.status in ("due_soon", "overdue", "never_trained"))
    return [
        Tile(
            "Staff whose training is due, overdue or missing",
            f"{lapsing:,}",
            url_of("training:actions"),
            "training.view_compliance",
            "bad" if lapsing else "info",
            f"Of {len(standings):,} with a requirement",
        )
    ]


def findings_chart(statuses: list[AreaStatus]) -> Chart:
    rows = [
        ChartRow(
            s.label, s.red + s.amber, f"{s.red + s.amber} ({s.red} must fix)", str(s.red + s.amber)
        )
        for s in statuses
    ]
    return Chart(
        "chart-findings",
        "Findings by area",
        "How many findings each area has now, and how many of them must be fixed.",
        rows if any(r.value for r in rows) else [],
        "Area",
        "Findings",
        empty="No area has a finding.",
    )


# --- governors: the termly trend -----------------------------------------------------------------


@dataclass(frozen=True)
class TermRow:
    label: str
    short: str
    concerns: str
    concerns_value: int | None
    prevent: str
    events_held: int
    unapproved: int
    visits: int
    activities: int


def terms_back(today: date, count: int = TERMS) -> list[Period]:
    """The last ``count`` terms, oldest first, the current one included (to today)."""
    periods: list[Period] = []
    day = today
    for _ in range(count):
        name, first, last = term_of(day)
        through = min(last, today)
        periods.append(Period("term", f"{name} {first.year}", first, last, through))
        day = first - timedelta(days=1)
    return list(reversed(periods))


def term_rows(provider: Provider, today: date) -> list[TermRow]:
    from preventhub.curriculum.models import Activity
    from preventhub.premises.models import MonitoringVisit
    from preventhub.speakers.selectors import held_without_approval

    rows = []
    unapproved_ids = set(held_without_approval(provider).values_list("pk", flat=True))
    for period in terms_back(today):
        span = {"created_at__gte": period.start, "created_at__lt": period.end}
        counts = (
            Concern.objects.for_provider(provider)
            .filter(**span)
            .aggregate(n=Count("pk"), prevent=Count("pk", filter=Q(category=Category.PREVENT)))
        )
        held = EventRequest.objects.for_provider(provider).filter(
            status=Status.HELD, starts_at__gte=period.start, starts_at__lt=period.end
        )
        concerns = protect_one(Tally("n", "", counts["n"]), exact=False)
        rows.append(
            TermRow(
                label=period.label,
                short=period.label.split(" ")[0][:3] + " " + str(period.first_day.year)[2:],
                concerns=concerns.display,
                concerns_value=concerns.value,
                prevent=protected_figure(counts["prevent"]),
                events_held=held.count(),
                unapproved=sum(
                    1 for pk in held.values_list("pk", flat=True) if pk in unapproved_ids
                ),
                visits=MonitoringVisit.objects.for_provider(provider)
                .filter(visited_at__gte=period.start, visited_at__lt=period.end)
                .count(),
                activities=Activity.objects.for_provider(provider)
                .filter(held_on__gte=period.first_day, held_on__lte=period.last_day)
                .count(),
            )
        )
    return rows


def concerns_by_term_chart(rows: list[TermRow]) -> Chart:
    chart_rows = [
        ChartRow(
            r.label,
            r.concerns_value,
            r.concerns,
            "<5" if r.concerns_value is None and r.concerns == FEWER_THAN else r.concerns,
            r.short.split(" ")[0],
            r.short.split(" ")[1],
        )
        for r in rows
    ]
    hidden = any(r.value is None for r in chart_rows)
    return Chart(
        "chart-terms",
        "Concerns raised each term",
        "All safeguarding concerns raised in each of the last six terms (this term to today).",
        chart_rows if any(r.value for r in chart_rows) or hidden else [],
        "Term",
        legend="<5 means fewer than 5." if hidden else "",
        empty="No concern was raised in the last six terms.",
    )


def events_by_term_chart(rows: list[TermRow]) -> Chart:
    chart_rows = [
        ChartRow(
            r.label,
            r.events_held,
            f"{r.events_held:,}",
            f"{r.events_held:,}",
            r.short.split(" ")[0],
            r.short.split(" ")[1],
        )
        for r in rows
    ]
    return Chart(
        "chart-events",
        "External speakers and events held each term",
        "Events recorded as held, by the term they took place in.",
        chart_rows if any(r.value for r in chart_rows) else [],
        "Term",
        "Events held",
        empty="No external event was held in the last six terms.",
    )


# --- the safeguarding lead -----------------------------------------------------------------------


def dsl_tiles(provider: Provider, now: datetime) -> list[Tile]:
    today = timezone.localdate(now)
    concerns = Concern.objects.for_provider(provider)
    triage = concerns.filter(status__in=[ConcernStatus.NEW, ConcernStatus.IN_TRIAGE]).count()
    open_cases = concerns.filter(status=ConcernStatus.OPEN)
    reviews = open_cases.filter(next_review_on__lt=today).count()
    overdue_actions = (
        CaseAction.objects.for_provider(provider)
        .filter(completed_at__isnull=True, due_on__lt=today, concern__status=ConcernStatus.OPEN)
        .count()
    )
    alerts = Alert.objects.for_provider(provider).filter(status=AlertStatus.OPEN)
    channel = (
        ChannelCase.objects.for_provider(provider)
        .filter(status__in=[ChannelStatus.AWAITING_SCREENING, ChannelStatus.AWAITING_PANEL])
        .count()
    )
    drafts = (
        PreventReferral.objects.for_provider(provider).filter(status=ReferralStatus.DRAFT).count()
    )
    visits = awaiting_follow_up(provider).count()
    inbox = "concerns.view_inbox"
    return [
        Tile(
            "Concerns to triage",
            f"{triage:,}",
            url_of("concerns:inbox", "view=triage"),
            inbox,
            "bad" if triage else "info",
        ),
        Tile(
            "Open cases",
            f"{open_cases.count():,}",
            url_of("concerns:inbox", "view=open"),
            inbox,
            hint=f"{reviews:,} past their review date",
        ),
        Tile(
            "Case actions overdue",
            f"{overdue_actions:,}",
            url_of("concerns:inbox", "view=open"),
            inbox,
            "bad" if overdue_actions else "info",
        ),
        Tile(
            "Online-safety alerts to triage",
            f"{alerts.count():,}",
            url_of("online_safety:alert_list", "status=open"),
            "online_safety.view_alerts",
            "bad" if alerts.exists() else "info",
            f"{alerts.filter(is_filter_failure=True).count():,} filter failures",
        ),
        Tile(
            "Channel cases awaiting screening or a panel",
            f"{channel:,}",
            url_of("concerns:inbox", "view=open"),
            inbox,
        ),
        Tile(
            "Police Prevent referrals drafted, not sent",
            f"{drafts:,}",
            url_of("concerns:inbox", "view=open"),
            inbox,
            "bad" if drafts else "info",
        ),
        Tile(
            "Faith-room visits with concerns not followed up",
            f"{visits:,}",
            url_of("premises:visits", "follow_up=awaiting"),
            "premises.view_visits",
            "bad" if visits else "info",
        ),
    ]


def open_cases_chart(provider: Provider, now: datetime) -> Chart:
    tallies = open_by_age(provider, now)
    rows = [ChartRow(t.label, t.count, f"{t.count:,}", f"{t.count:,}") for t in tallies]
    return Chart(
        "chart-open",
        "Concerns not yet closed, by age",
        "Every concern not closed, by the time since it was raised.",
        rows if any(r.value for r in rows) else [],
        "Time since raised",
        "Concerns",
        empty="No concern is open.",
    )


def alerts_chart(provider: Provider, now: datetime) -> Chart:
    counts = dict(
        Alert.objects.for_provider(provider)
        .filter(status=AlertStatus.OPEN)
        .values("severity")
        .annotate(n=Count("pk"))
        .values_list("severity", "n")
    )
    rows = [
        ChartRow(str(label), counts.get(key, 0), f"{counts.get(key, 0):,}", "")
        for key, label in reversed(Severity.choices)
    ]
    return Chart(
        "chart-alerts",
        "Alerts waiting for triage, by severity",
        "Online-safety alerts nobody has acknowledged, marked false positive or turned into a "
        "concern yet.",
        rows if any(r.value for r in rows) else [],
        "Severity",
        "Alerts",
        empty="No alert is waiting for triage.",
    )
