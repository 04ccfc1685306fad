"""The findings the compliance view reads (source "curriculum", area "resilience"): groups with
no British values in the judged term, no learner voice in twelve months, employers with
apprentices not told about the duty. Never a learner's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from preventhub.core.findings import findings_for, sources
from preventhub.curriculum.models import SurveyResponse
from preventhub.curriculum.services import GroupRef
from preventhub.curriculum.terms import judged_term
from preventhub.curriculum.tests.helpers import (
    COURSE,
    GROUP,
    codes,
    enrol,
    make_activity,
    make_communication,
    make_survey,
    responses_from,
)

pytestmark = pytest.mark.django_db


def found(provider):
    return {f.code: f for f in findings_for(provider, only=["curriculum"])}


def test_registered_as_a_source_of_the_resilience_area(provider):
    assert "curriculum" in sources()
    enrol(provider)
    assert {f.compliance_area for f in findings_for(provider, only=["curriculum"])} == {
        "resilience"
    }


def test_groups_without_british_values_in_the_judged_term(provider):
    learners = enrol(provider, 2, first_name="Zebedee")
    enrol(provider, group="HSC3A2")
    term = judged_term()
    make_activity(provider, held_on=term.first_day, groups=[GroupRef(COURSE, GROUP)])
    finding = found(provider)["groups_without_british_values"]
    assert finding.message.startswith(
        f"1 of 2 groups had no activity on British values logged in the {term.label}"
    )
    assert "HSC3A2" in finding.message
    assert finding.severity == "amber"
    assert term.key in finding.url
    assert not any(p.first_name in finding.message for p in learners)


def test_no_group_covered_is_red_and_all_covered_is_silent(provider):
    enrol(provider)
    assert found(provider)["groups_without_british_values"].severity == "red"
    make_activity(provider, held_on=judged_term().first_day, groups=[GroupRef(COURSE)])
    assert "groups_without_british_values" not in found(provider)


def test_no_register_no_coverage_finding(provider):
    assert "groups_without_british_values" not in found(provider)


def test_learner_voice_in_the_last_twelve_months(provider):
    assert "no_learner_voice_survey" in found(provider)
    survey = make_survey(provider)
    assert "no_learner_voice_survey" not in found(provider)  # one is open now
    responses_from(survey, 1)
    SurveyResponse.objects.for_provider(provider).update(
        answered_on=timezone.localdate() - timedelta(days=400)
    )
    type(survey).objects.for_provider(provider).update(status="closed")
    assert "no_learner_voice_survey" in found(provider)
    codes(make_survey(provider, title="Again"))
    assert "no_learner_voice_survey" not in found(provider)


def test_employers_not_told(provider):
    enrol(provider, employer="Riverside Care Homes", course="Care apprenticeship", group="")
    enrol(provider, employer="Kestrel Motors", course="Motor apprenticeship", group="")
    assert found(provider)["employers_not_informed"].severity == "red"
    make_communication(provider, employer="Kestrel Motors")
    finding = found(provider)["employers_not_informed"]
    assert finding.severity == "amber"
    assert finding.message.startswith("1 of 2 employers with apprentices")
    assert "Riverside Care Homes" in finding.message
    make_communication(provider, employer="Riverside Care Homes")
    assert "employers_not_informed" not in found(provider)
