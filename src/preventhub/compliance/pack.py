"""The evidence pack: one document an inspector can read, built from live data.

Sections, in the order of the contents page: provider overview and named leads; self-assessment
summary; policies; risk assessment and action plan; training coverage and impact; speaker
register summary; partnerships and agreements; online-safety monitoring and filtering
governance; faith rooms; curriculum coverage and learner voice; anonymised referral statistics.

It holds no personal data about the subjects of concerns: concerns appear only as protected
counts (``concerns.statistics.publish`` with exact figures off, whoever asks), never a name, a
reference or a narrative. Staff are named only in the roles the duty makes public (the leads,
owners of actions, the people responsible for filtering).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import safeguarding_contacts
from preventhub.compliance.choices import Step
from preventhub.compliance.evidence.base import EvidenceContext
from preventhub.compliance.framework import ITEMS
from preventhub.compliance.models import SelfAssessment
from preventhub.compliance.optional import guarded, model
from preventhub.compliance.selectors import AreaRow, year_rows
from preventhub.compliance.status import area_statuses
from preventhub.concerns.selectors import users_holding
from preventhub.concerns.statistics import concern_statistics, publish
from preventhub.concerns.statistics_views import charts_for
from preventhub.core.models import Department, Provider, Site
from preventhub.curriculum.results import survey_results
from preventhub.curriculum.selectors import coverage, summarise
from preventhub.curriculum.terms import judged_term
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.models import Alert, DailyCount, Ingestion, LogSource
from preventhub.partners.models import Agreement, Engagement, Partner
from preventhub.people.models import Person
from preventhub.policies.models import Policy
from preventhub.premises.selectors import period_for as room_period
from preventhub.premises.selectors import room_figures, rota
from preventhub.risk.choices import Area as RiskArea
from preventhub.risk.selectors import (
    action_counts,
    assessment_for,
    latest_approved,
    risks_with_actions,
)
from preventhub.risk.services import is_overdue
from preventhub.speakers.choices import Status as EventStatus
from preventhub.speakers.models import EventRequest
from preventhub.training.impact import impact_report
from preventhub.training.reports import GroupBy, counted, group_rows, totals

SECTIONS = (
    ("overview", "Provider overview and named leads"),
    ("self-assessment", "Self-assessment summary"),
    ("policies", "Policies"),
    ("risk", "Risk assessment and action plan"),
    ("training", "Training coverage and impact"),
    ("speakers", "Speaker and events register"),
    ("partnerships", "Partnerships and agreements"),
    ("online-safety", "Online-safety monitoring and filtering governance"),
    ("faith-rooms", "Faith and reflection rooms"),
    ("curriculum", "Curriculum coverage and learner voice"),
    ("referrals", "Referral statistics (anonymised)"),
)


@dataclass(frozen=True)
class Named:
    role: str
    names: list[str]


def _names(users: list[Any]) -> list[str]:
    return [u.get_full_name() or u.username for u in users]


def overview(provider: Provider) -> dict[str, Any]:
    leads, deputies = safeguarding_contacts(provider)
    people = Person.objects.for_provider(provider).aggregate(
        staff=Count("pk", filter=Q(kind="staff")), learners=Count("pk", filter=Q(kind="learner"))
    )
    named = [
        Named("Designated safeguarding lead (Prevent single point of contact)", _names(leads)),
        Named("Deputy designated safeguarding leads", _names(deputies)),
        Named("Senior leaders", _names(users_holding(provider, [Role.SENIOR_LEADER]))),
        *filtering_named(provider),
    ]
    return {
        "provider": provider,
        "sites": list(Site.objects.for_provider(provider).values_list("name", flat=True)),
        "departments": Department.objects.for_provider(provider).count(),
        "people": people,
        "named": named,
    }


def filtering_named(provider: Provider) -> list[Named]:
    responsibility = model("filtering", "Responsibility")
    if responsibility is None:
        return []

    def read() -> list[Named]:
        current = responsibility.objects.for_provider(provider).filter(to_date__isnull=True)
        found: dict[str, list[str]] = {}
        for row in current:
            found.setdefault(row.get_kind_display(), []).append(row.name)
        return [Named(kind, names) for kind, names in found.items()]

    return guarded(read, [])


def self_assessment(provider: Provider, ctx: EvidenceContext) -> dict[str, Any]:
    """Today's statuses, and the latest completed year (what an inspector reads: judged,
    planned and summarised); a year under way is named with how far it has got."""
    statuses = area_statuses(provider, ctx.now, findings=ctx.findings)
    years = SelfAssessment.objects.for_provider(provider).prefetch_related(
        "judgements", "area_summaries", "planned_actions"
    )
    done = years.filter(step=Step.COMPLETE).order_by("-year_start").first()
    current = years.exclude(step=Step.COMPLETE).order_by("-year_start").first()
    year = done or current
    rows: list[AreaRow] = year_rows(year, ctx.now) if year is not None else []
    return {
        "statuses": statuses,
        "year": year,
        "rows": rows,
        "current": current if done is not None else None,
        "current_judged": current.judgements.count() if current is not None else 0,
        "items": len(ITEMS),
    }


def policies(provider: Provider) -> list[Policy]:
    return list(Policy.objects.for_provider(provider).order_by("policy_type", "title"))


def risk(provider: Provider, now: datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    risks = list(risks_with_actions(provider))
    areas = [
        {
            "label": str(area.label),
            "risks": [
                {"risk": r, "actions": [(a, is_overdue(a, today)) for a in r.actions.all()]}
                for r in risks
                if r.area == area.value
            ],
        }
        for area in RiskArea
    ]
    return {
        "assessment": assessment_for(provider),
        "approved": latest_approved(provider),
        "areas": areas,
        "count": len(risks),
        "actions": action_counts(provider),
    }


def training(provider: Provider, ctx: EvidenceContext) -> dict[str, Any]:
    standings = counted(ctx.training.standings(ctx.today))
    report = impact_report(provider, ctx.today)
    return {
        "all": totals(standings) if standings else None,
        "groups": group_rows(provider, standings, GroupBy.JOB_CATEGORY, anonymised=True),
        "threshold": ctx.training.settings.coverage_threshold,
        "impact": report,
    }


def speakers(provider: Provider, ctx: EvidenceContext) -> dict[str, Any]:
    year = ctx.year
    events = EventRequest.objects.for_provider(provider).filter(
        starts_at__gte=year.start, starts_at__lt=year.end
    )
    by_status = Counter(dict(events.values_list("status").annotate(n=Count("pk")).order_by()))
    held = list(
        events.filter(status=EventStatus.HELD)
        .select_related("outcome")
        .prefetch_related("speakers__speaker", "decisions")
        .order_by("starts_at")
    )
    return {
        "year": year,
        "by_status": [(str(s.label), by_status.get(s.value, 0)) for s in EventStatus],
        "total": sum(by_status.values()),
        "held": held,
    }


def partnerships(provider: Provider, now: datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    partners = list(
        Partner.objects.for_provider(provider)
        .filter(active=True)
        .annotate(latest=Max("engagements__occurred_on"), n=Count("engagements"))
        .order_by("kind", "name")
    )
    recent = (
        Engagement.objects.for_provider(provider)
        .filter(occurred_on__gt=today - timedelta(days=365))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    agreements = list(Agreement.objects.for_provider(provider).prefetch_related("partners"))
    return {
        "partners": partners,
        "recent": {row["kind"]: row["n"] for row in recent},
        "agreements": [(a, a.status_on(today)) for a in agreements],
    }


def online_safety(provider: Provider, now: datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    since = today - timedelta(days=30)
    metrics = dict(
        DailyCount.objects.filter(
            provider=provider,
            day__gte=since,
            metric__in=["requests", "blocked", "flagged", "filter_failures", "bypass"],
        )
        .values("metric")
        .annotate(n=Sum("value"))
        .values_list("metric", "n")
    )
    alerts = Alert.objects.for_provider(provider).filter(first_seen__gte=now - timedelta(days=30))
    by_status = dict(alerts.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "sources": list(LogSource.objects.for_provider(provider).filter(is_active=True)),
        "last_log": Ingestion.objects.for_provider(provider).aggregate(last=Max("last_at"))["last"],
        "metrics": metrics,
        "alerts": [(str(s.label), by_status.get(s.value, 0)) for s in AlertStatus],
        "governance": guarded(lambda: _governance(provider), None),
    }


def _governance(provider: Provider) -> dict[str, Any] | None:
    review, runs, decisions = (model("filtering", n) for n in ("Review", "TestRun", "Decision"))
    if review is None or runs is None or decisions is None:
        return None
    return {
        "review": review.objects.for_provider(provider).order_by("-reviewed_on").first(),
        "runs": runs.objects.for_provider(provider).count(),
        "last_run": runs.objects.for_provider(provider).aggregate(last=Max("run_at"))["last"],
        "decisions": decisions.objects.for_provider(provider).count(),
    }


def faith_rooms(provider: Provider, now: datetime) -> list[dict[str, Any]]:
    figures = room_figures(provider, room_period(provider, now))
    return [{"row": row, "figures": figures.get(row.room.pk, {})} for row in rota(provider, now)]


def curriculum(provider: Provider, ctx: EvidenceContext) -> dict[str, Any]:
    from preventhub.curriculum.choices import SurveyStatus
    from preventhub.curriculum.models import Survey

    term = judged_term(ctx.today)
    survey = (
        Survey.objects.for_provider(provider)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("-closes_on", "-created_at")
        .first()
    )
    return {
        "term": term,
        "summary": summarise(coverage(provider, term)),
        "survey": survey,
        "results": survey_results(survey) if survey is not None else None,
    }


def referrals(provider: Provider, ctx: EvidenceContext) -> dict[str, Any]:
    stats = publish(concern_statistics(provider, ctx.year, now=ctx.now), exact=False)
    return {"stats": stats, "charts": charts_for(stats)}


def pack_context(provider: Provider, now: datetime | None = None) -> dict[str, Any]:
    """Everything the evidence pack shows, read once."""
    ctx = EvidenceContext(provider, now)
    return {
        "provider": provider,
        "generated_at": ctx.now,
        "sections": SECTIONS,
        "overview": overview(provider),
        "assessment": self_assessment(provider, ctx),
        "policies": policies(provider),
        "risk": risk(provider, ctx.now),
        "training": training(provider, ctx),
        "speakers": speakers(provider, ctx),
        "partnerships": partnerships(provider, ctx.now),
        "online": online_safety(provider, ctx.now),
        "rooms": faith_rooms(provider, ctx.now),
        "curriculum": curriculum(provider, ctx),
        "referrals": referrals(provider, ctx),
    }
