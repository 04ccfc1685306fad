"""The status rules: a provider with no data is red everywhere with findings that say what is
missing, and each rule changes the status when the data behind it changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.compliance.choices import Status
from preventhub.compliance.rules import compliance_findings
from preventhub.compliance.status import area_statuses, status_of
from preventhub.compliance.tests.helpers import make_assessment
from preventhub.concerns.services import concern_decide, concern_raise
from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.speakers.services import outcome_record, request_decide
from preventhub.speakers.tests.helpers import make_request, minimum_checks
from preventhub.testing.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def codes(provider, area=None):
    found = compliance_findings(provider, timezone.now())
    return {f.code for f in found if area is None or f.compliance_area == area}


def test_a_provider_with_no_data_is_red_in_every_area_with_findings_saying_what_is_missing(
    provider,
):
    statuses = area_statuses(provider)
    assert [s.area for s in statuses] == list(ComplianceArea.values)
    for s in statuses:
        assert s.status == Status.RED, s.area
        assert any(f.severity == Severity.RED for f in s.findings), s.area
    assert {
        "no_dsl",
        "no_partners",
        "no_training_recorded",
        "speaker_register_empty",
        "no_resilience_activity",
    } <= codes(provider)


def test_status_is_red_with_any_red_finding_amber_with_only_amber_green_with_none():
    red = Finding("a", "m", "w", "training", severity=Severity.RED)
    amber = Finding("b", "m", "w", "training", severity=Severity.AMBER)
    assert status_of([amber, red]) == Status.RED
    assert status_of([amber]) == Status.AMBER
    assert status_of([]) == Status.GREEN


def test_naming_a_safeguarding_lead_and_a_deputy_clears_the_leadership_findings(provider):
    assert "no_dsl" in codes(provider)
    grant(UserFactory(), provider, Role.DSL)
    assert "no_dsl" not in codes(provider)
    assert "no_deputy" in codes(provider)
    grant(UserFactory(), provider, Role.DEPUTY_DSL)
    assert not {"no_dsl", "no_deputy"} & codes(provider)


def test_approving_the_event_that_starts_soon_makes_its_finding_disappear(provider, leader):
    soon = timezone.now() + timedelta(days=1)
    request = make_request(provider, starts_at=soon, late_reason="The speaker offered late.")
    found = [
        f
        for f in compliance_findings(provider, timezone.now())
        if f.code == "event_awaiting_decision"
    ]
    assert len(found) == 1
    assert found[0].severity == Severity.RED
    assert request.reference in found[0].message
    minimum_checks(request, leader)
    request_decide(
        actor=leader,
        request=request,
        decision="approved",
        risk_level="low",
        rationale="Known speaker, clear checks.",
    )
    assert "event_awaiting_decision" not in codes(provider)


def test_an_event_held_without_approval_is_red_until_none_is(provider):
    request = make_request(provider, starts_at=timezone.now() + timedelta(days=40))
    assert "held_without_approval" not in codes(provider)
    outcome_record(
        actor=request.organiser,
        request=request,
        held=True,
        attendance=20,
        benefit="Debate.",
        values_addressed=[],
        now=request.ends_at + timedelta(hours=1),
    )
    premises = next(s for s in area_statuses(provider) if s.area == ComplianceArea.PREMISES)
    messages = [f.message for f in premises.findings if f.code == "held_without_approval"]
    assert messages == [
        f"{request.reference} was held on "
        f"{timezone.localtime(request.starts_at):%-d %B %Y} without approval."
    ]
    assert premises.status == Status.RED


def test_a_concern_waiting_too_long_for_a_decision_is_red_until_decided(provider, dsl):
    raised = concern_raise(
        actor=dsl,
        provider=provider,
        subject_type="other",
        description="Graffiti.",
        occurred_at=timezone.now(),
        category="prevent",
        ideology="extreme_right_wing",
    ).concern
    assert "concerns_waiting" not in codes(provider)
    type(raised).unscoped.filter(pk=raised.pk).update(created_at=timezone.now() - timedelta(days=3))
    found = [
        f for f in compliance_findings(provider, timezone.now()) if f.code == "concerns_waiting"
    ]
    # One concern is a small number: the message never says exactly how many.
    assert found[0].message.startswith("Fewer than 5 concerns waiting")
    concern_decide(actor=dsl, concern=raised, decision="monitor", rationale="Watch and wait.")
    assert "concerns_waiting" not in codes(provider)


def test_recording_a_partner_training_and_an_activity_clears_the_empty_area_findings(provider):
    from preventhub.curriculum.tests.helpers import make_activity
    from preventhub.partners.tests.access_cases import make_partner
    from preventhub.training.tests.helpers import make_record, staff_member

    before = codes(provider)
    assert {"no_partners", "no_training_recorded", "no_resilience_activity"} <= before
    make_partner(provider)
    make_record(provider, staff_member(provider))
    make_activity(provider)
    assert not {"no_partners", "no_training_recorded", "no_resilience_activity"} & codes(provider)


def test_completing_a_self_assessment_clears_its_finding(provider):
    assert "no_self_assessment" in codes(provider)
    make_assessment(provider, step="complete", completed_at=timezone.now())
    assert "no_self_assessment" not in codes(provider)


def test_online_safety_rules_apply_only_while_the_module_reports_nothing_itself(
    provider, monkeypatch
):
    from preventhub.core import findings

    assert "no_log_source" not in codes(provider)  # the module reports its own
    without = {k: v for k, v in findings._SOURCES.items() if k != "online_safety"}
    monkeypatch.setattr(findings, "_SOURCES", without)
    assert "no_log_source" in codes(provider)
