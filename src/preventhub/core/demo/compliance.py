"""The yearly self-assessment in the demo, told through the compliance services.

Northbridge College completed last academic year's self-assessment in July: every item judged
(mostly good; the IT report's reading, learner voice and staff coverage requiring improvement),
two actions planned into the risk action plan, each area summarised, the year completed by the
principal. This year's is under way: the safeguarding lead has judged the leadership and risk
items in step 1, with impact statements and links to the evidence.

Idempotent: once the demo provider has any self-assessment, nothing is added.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.compliance.choices import Judgement, Step
from preventhub.compliance.evidence.base import EvidenceContext
from preventhub.compliance.framework import AREAS, ITEMS
from preventhub.compliance.models import SelfAssessment
from preventhub.compliance.selectors import snapshot
from preventhub.compliance.services import (
    action_plan,
    area_summarise,
    assessment_complete,
    assessment_start,
    item_judge,
    step_move,
)
from preventhub.concerns.statistics import academic_year_start
from preventhub.core.models import Provider

WEAKER = {
    "report_reading": "Leaders open the daily IT report on barely half of school days: set a "
    "rota so a senior leader reads it every day.",
    "learner_voice": "Only one survey last year, and fewer than half of apprentices answered: "
    "survey every term, including apprentices at work.",
    "staff_coverage": "Estates and support staff lag behind teachers: run face-to-face sessions "
    "at the start of shifts.",
}
IMPACT = {
    "named_lead": "Staff and learners name the lead when asked; the deputy covered every absence.",
    "policies": "The IT policy now names Prevent; staff acknowledged the revised safeguarding "
    "policy within two weeks.",
    "oversight": "Governors questioned the risk assessment at two board meetings and the link "
    "governor visited the faith room.",
    "referral_pathway": "Concerns reached the lead the same day; support staff raised a third "
    "of them, up from none two years ago.",
    "risk_coverage": "Every area now has a risk written in local terms, after the partner "
    "briefing on local tensions.",
    "local_context": "The local context reflects the police briefing and the learner forum.",
}
PLANNED = {
    "report_reading": (
        "A senior leader reads the daily IT report every school day (rota)",
        "The report opened on at least 19 of every 20 school days.",
    ),
    "staff_coverage": (
        "Face-to-face Prevent sessions for estates and support staff",
        "90% of estates and support staff in date by Easter.",
    ),
}
SUMMARY = (
    "The duty is well led and embedded in safeguarding. Referrals are prompt and well judged; "
    "external speakers are checked and their benefit recorded. Online monitoring and learner "
    "voice need more consistent attention: both have actions in the plan."
)


def seed_compliance(provider: Provider, *, today: date | None = None) -> int:
    """Last year's completed self-assessment and this year's in progress; returns how many
    years were created."""
    if SelfAssessment.objects.for_provider(provider).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["dsl", "senior_leader"])}
    if len(users) != 2:
        return 0
    today = today or timezone.localdate()
    last_year = academic_year_start(today) - timedelta(days=365)
    _completed_year(provider, users["senior_leader"], last_year)
    _year_in_progress(provider, users["dsl"], today)
    return 2


def _judge(actor: Any, year: SelfAssessment, item: str) -> None:
    weak = WEAKER.get(item)
    item_judge(
        actor=actor,
        assessment=year,
        item=item,
        judgement=Judgement.REQUIRES_IMPROVEMENT if weak else Judgement.GOOD,
        impact=IMPACT.get(item, "The evidence shows this working for learners and staff."),
        improvement=weak or "",
        evidence_links="Live evidence | /compliance/",
    )


def _completed_year(provider: Provider, leader: Any, year_start: date) -> None:
    year = assessment_start(actor=leader, provider=provider, today=year_start).assessment
    for item in ITEMS:
        _judge(leader, year, item.key)
    step_move(actor=leader, assessment=year, to=Step.ACTION_PLANNING)
    for key, (title, measure) in PLANNED.items():
        action_plan(
            actor=leader,
            assessment=year,
            item=key,
            title=title,
            likelihood=3,
            impact=3,
            owner=leader,
            due_date=timezone.localdate() + timedelta(days=60),
            impact_measure=measure,
        )
    step_move(actor=leader, assessment=year, to=Step.SUMMARY)
    for area, info in AREAS.items():
        weak = any(i.area == area and i.key in WEAKER for i in ITEMS)
        area_summarise(
            actor=leader,
            assessment=year,
            area=area,
            judgement=Judgement.REQUIRES_IMPROVEMENT if weak else Judgement.GOOD,
            summary=f"{info.label}: "
            + (
                "actions planned for the weaker items."
                if weak
                else "strong, with evidence of impact."
            ),
        )
    done = assessment_complete(
        actor=leader,
        assessment=year,
        overall_judgement=Judgement.GOOD,
        summary=SUMMARY,
        snapshot=snapshot(EvidenceContext(provider)),
    )
    # Completed at the end of that summer term, as a real year would have been.
    july = timezone.make_aware(datetime.combine(date(year_start.year + 1, 7, 18), time(16)))
    SelfAssessment.objects.for_provider(provider).filter(pk=done.pk).update(completed_at=july)


def _year_in_progress(provider: Provider, lead: Any, today: date) -> None:
    year = assessment_start(actor=lead, provider=provider, today=today).assessment
    for item in ITEMS:
        if item.area in ("leadership", "risk_assessment"):
            _judge(lead, year, item.key)
