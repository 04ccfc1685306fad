"""The demo assessment (core/demo/risk.py): realistic, with the findings it is meant to show,
a signed version with changes since, and idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role
from preventhub.core.demo.risk import STORIES, seed_risk
from preventhub.risk.models import AssessmentVersion, Risk, RiskAction
from preventhub.risk.quality import quality_findings
from preventhub.risk.selectors import latest_approved
from preventhub.risk.versions import build_snapshot, diff_snapshots, load

pytestmark = pytest.mark.django_db


DEMO_USERS = {
    "dsl": Role.DSL,
    "deputy_dsl": Role.DEPUTY_DSL,
    "senior_leader": Role.SENIOR_LEADER,
    "governor": Role.GOVERNOR,
    "estates": Role.ESTATES,
    "it_manager": Role.IT_MANAGER,
    "training_lead": Role.TRAINING_LEAD,
    "speaker_coordinator": Role.SPEAKER_COORDINATOR,
    "curriculum_lead": Role.CURRICULUM_LEAD,
}


def test_the_demo_tells_the_assessments_story(provider: Any, make_user: Any) -> None:
    college = provider
    for username, role in DEMO_USERS.items():
        make_user(college, role, Role.STAFF, username=username)
    assert seed_risk(college, size="small", seed=1) == len(STORIES) == 12
    risks = Risk.objects.for_provider(college)
    assert not risks.filter(area="subcontractors").exists()
    assert risks.values("area").distinct().count() == 9
    findings = quality_findings(college)
    codes = [f.code for f in findings]
    assert [f.area for f in findings if f.code == "area_without_risk"] == ["subcontractors"]
    assert codes.count("risk_without_action") == 1
    assert codes.count("risk_without_local_context") == 1  # the governors' generic one
    for code in ("action_overdue", "action_without_impact_measure", "risk_review_overdue"):
        assert code in codes
    assert "no_learner_consultation" not in codes
    assert "assessment_not_reviewed" not in codes
    done = RiskAction.objects.for_provider(college).filter(status="done")
    assert done.count() == 3
    assert all(a.evidence and a.completed_on for a in done)
    approved = latest_approved(college)
    assert approved is not None
    assert approved.number == 1
    assert approved.signatures.count() == 2
    diff = diff_snapshots(load(approved), build_snapshot(college))
    assert len(diff.added) == 2
    assert diff.changed
    # Idempotent: a second seed adds nothing.
    assert seed_risk(college, size="small", seed=1) == 0
    assert AssessmentVersion.objects.for_provider(college).count() == 1
