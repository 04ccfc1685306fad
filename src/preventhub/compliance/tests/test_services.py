"""The yearly self-assessment: three steps, actions into the risk action plan without
re-keying, each year kept as it was; every bad input a clear error that changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.compliance.choices import Step
from preventhub.compliance.evidence.base import EvidenceContext
from preventhub.compliance.framework import AREAS, ITEMS
from preventhub.compliance.models import ItemJudgement, PlannedAction, SelfAssessment
from preventhub.compliance.selectors import snapshot, year_rows
from preventhub.compliance.services import (
    action_plan,
    area_summarise,
    assessment_complete,
    assessment_start,
    item_judge,
    step_move,
)
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.services import risk_create

pytestmark = pytest.mark.django_db


def judge_all(assessment, actor, judgement="good"):
    for item in ITEMS:
        item_judge(
            actor=actor,
            assessment=assessment,
            item=item.key,
            judgement=judgement,
            impact="Learners know who to tell.",
            improvement="Do more.",
        )


def test_starting_twice_returns_the_same_year(provider, leader):
    first = assessment_start(actor=leader, provider=provider)
    again = assessment_start(actor=leader, provider=provider)
    assert first.created
    assert not again.created
    assert again.assessment == first.assessment
    assert SelfAssessment.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"judgement": "brilliant"}, "judgement"),
        ({"impact": "  "}, "impact"),
        ({"judgement": "inadequate", "improvement": ""}, "improvement"),
        ({"evidence_links": "javascript:alert(1)"}, "evidence_links"),
        ({"evidence_links": "Minutes | //evil.example/x"}, "evidence_links"),
        ({"evidence_links": "\n".join(f"/risk/?{n}" for n in range(11))}, "evidence_links"),
        ({"item": "no_such_item"}, "item"),
        ({"impact": "x" * 5001}, "impact"),
    ],
)
def test_a_bad_judgement_is_refused_with_a_specific_error_and_saves_nothing(
    provider, leader, data, field
):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    values = {"item": "named_lead", "judgement": "good", "impact": "Everyone knows the lead."}
    with pytest.raises(ValidationError) as error:
        item_judge(actor=leader, assessment=assessment, **(values | data))
    assert field in error.value.message_dict
    assert not ItemJudgement.objects.for_provider(provider).exists()


def test_a_judgement_keeps_its_links_and_is_audited(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    row = item_judge(
        actor=leader,
        assessment=assessment,
        item="oversight",
        judgement="requires_improvement",
        impact="Governors ask about Prevent each term.",
        improvement="Train the new governors.",
        evidence_links="Board minutes | https://intranet.example/minutes\n/risk/versions/",
    )
    assert row.evidence_links == [
        {"label": "Board minutes", "url": "https://intranet.example/minutes"},
        {"label": "/risk/versions/", "url": "/risk/versions/"},
    ]
    assert AuditEvent.objects.filter(object_id=str(row.pk), action="create").exists()


def test_action_planning_needs_every_item_judged(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    item_judge(
        actor=leader, assessment=assessment, item="named_lead", judgement="good", impact="Named."
    )
    with pytest.raises(ValidationError, match=f"{len(ITEMS) - 1} still to judge"):
        step_move(actor=leader, assessment=assessment, to=Step.ACTION_PLANNING)
    judge_all(assessment, leader)
    assert step_move(actor=leader, assessment=assessment, to=Step.ACTION_PLANNING).step == (
        Step.ACTION_PLANNING
    )


def test_a_planned_action_lands_in_the_risk_action_plan_without_re_keying(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    judge_all(assessment, leader, judgement="requires_improvement")
    step_move(actor=leader, assessment=assessment, to=Step.ACTION_PLANNING)
    judged = assessment.judgements.get(item="staff_coverage")
    planned = action_plan(
        actor=leader,
        assessment=assessment,
        item="staff_coverage",
        title=judged.improvement,
        likelihood=3,
        impact=4,
        owner=leader,
        due_date=timezone.localdate() + timedelta(days=30),
        impact_measure="90% of estates staff trained by Easter.",
    )
    action = RiskAction.objects.for_provider(provider).get()
    assert planned.risk_action == action
    assert action.title == "Do more."
    assert action.risk.area == "training"
    assert action.risk.description == "Do more."
    # A second action goes on an existing risk.
    risk = risk_create(
        actor=leader,
        provider=provider,
        area="training",
        title="Front line",
        description="Estates staff untrained.",
        likelihood=3,
        impact=3,
    )
    action_plan(
        actor=leader,
        assessment=assessment,
        item="staff_coverage",
        title="Run a face-to-face session for estates staff",
        risk=risk,
    )
    assert PlannedAction.objects.for_provider(provider).count() == 2
    assert Risk.objects.for_provider(provider).count() == 2


def test_a_new_risk_needs_its_likelihood_and_impact_and_nothing_is_half_made(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    judge_all(assessment, leader)
    step_move(actor=leader, assessment=assessment, to=Step.ACTION_PLANNING)
    with pytest.raises(ValidationError):
        action_plan(actor=leader, assessment=assessment, item="named_lead", title="Name a deputy")
    assert not Risk.objects.for_provider(provider).exists()
    assert not PlannedAction.objects.for_provider(provider).exists()


def test_actions_cannot_be_planned_in_step_one(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    judge_all(assessment, leader)
    with pytest.raises(IllegalTransitionError):
        action_plan(
            actor=leader,
            assessment=assessment,
            item="named_lead",
            title="x",
            likelihood=2,
            impact=2,
        )


def test_completing_needs_every_area_summarised_then_freezes_the_year(provider, leader):
    assessment = assessment_start(actor=leader, provider=provider).assessment
    judge_all(assessment, leader)
    step_move(actor=leader, assessment=assessment, to=Step.ACTION_PLANNING)
    step_move(actor=leader, assessment=assessment, to=Step.SUMMARY)
    frozen = snapshot(EvidenceContext(provider))
    with pytest.raises(ValidationError, match="7 still to summarise"):
        assessment_complete(
            actor=leader,
            assessment=assessment,
            overall_judgement="good",
            summary="A good year.",
            snapshot=frozen,
        )
    for area in AREAS:
        area_summarise(
            actor=leader, assessment=assessment, area=area, judgement="good", summary="Strong."
        )
    done = assessment_complete(
        actor=leader,
        assessment=assessment,
        overall_judgement="good",
        summary="A good year.",
        snapshot=frozen,
    )
    assert done.step == Step.COMPLETE
    assert done.completed_by_name == "Helen Okafor"
    assert set(done.snapshot["statuses"]) == set(AREAS)
    assert set(done.snapshot["evidence"]) == {item.key for item in ITEMS}
    with pytest.raises(IllegalTransitionError, match="kept as it was"):
        item_judge(
            actor=leader,
            assessment=done,
            item="named_lead",
            judgement="inadequate",
            impact="Changed my mind.",
            improvement="x",
        )
    # The completed year shows the evidence frozen that day, not today's.
    rows = year_rows(done)
    lines = next(r for a in rows for r in a.items if r.item.key == "named_lead").evidence
    assert [line.text for line in lines] == [
        line["text"] for line in frozen["evidence"]["named_lead"]
    ]


def test_each_year_is_kept(provider, leader):
    last = SelfAssessment.unscoped.create(
        provider=provider,
        year_start=date(2024, 9, 1),
        step=Step.COMPLETE,
        completed_at=timezone.now(),
    )
    this = assessment_start(actor=leader, provider=provider, today=date(2025, 10, 1))
    assert this.created
    assert this.assessment.year_start == date(2025, 9, 1)
    years = list(SelfAssessment.objects.for_provider(provider).order_by("year_start"))
    assert years == [last, this.assessment]
