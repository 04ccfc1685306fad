"""The risk assessment's services: every rule, every bad input refused with nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.risk.models import AssessmentInput, Risk, RiskAction, RiskAssessment
from preventhub.risk.services import (
    action_progress,
    action_update,
    context_update,
    input_record,
    risk_create,
    risk_delete,
    risk_update,
)
from preventhub.risk.tests.factories import LOCAL_DESCRIPTION, make_action, make_risk

pytestmark = pytest.mark.django_db


def risk_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "area": "premises",
        "title": "Unmonitored prayer room",
        "description": LOCAL_DESCRIPTION,
        "likelihood": 3,
        "impact": 4,
    }
    data.update(overrides)
    return data


def test_a_risk_is_created_with_its_scores_and_audited(provider: Any, dsl: Any) -> None:
    risk = risk_create(
        actor=dsl,
        provider=provider,
        **risk_data(residual_likelihood=2, residual_impact=3, sources=["learner_consultation"]),
    )
    risk.refresh_from_db()
    assert (risk.inherent_score, risk.residual_score) == (12, 6)
    event = AuditEvent.objects.get(object_id=str(risk.pk), action="create")
    assert "description" in event.changed_fields
    assert LOCAL_DESCRIPTION[:20] not in str(event.detail)
    assert RiskAssessment.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": 0}, "impact"),
        ({"impact": 6}, "impact"),
        ({"impact": "3.5"}, "impact"),
        ({"likelihood": True}, "likelihood"),
        ({"likelihood": None}, "likelihood"),
        ({"area": "weather"}, "area"),
        ({"area": ""}, "area"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": ""}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"residual_likelihood": 2}, "residual_impact"),
        ({"residual_impact": 2}, "residual_likelihood"),
        ({"residual_likelihood": 4, "residual_impact": 2}, "residual_likelihood"),
        ({"residual_likelihood": 2, "residual_impact": 5}, "residual_impact"),
        ({"residual_likelihood": 0, "residual_impact": 2}, "residual_likelihood"),
        ({"sources": ["gossip"]}, "sources"),
        ({"review_on": timezone.localdate() - timedelta(days=1)}, "review_on"),
        ({"review_on": timezone.localdate() + timedelta(days=366 * 11)}, "review_on"),
    ],
)
def test_bad_risk_input_is_refused_with_a_specific_error_and_nothing_written(
    provider: Any, dsl: Any, override: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        risk_create(actor=dsl, provider=provider, **risk_data(**override))
    assert field in caught.value.message_dict
    assert not Risk.objects.for_provider(provider).exists()
    assert not AuditEvent.objects.filter(object_type="risk.risk").exists()


def test_a_review_date_today_or_later_is_allowed(provider: Any) -> None:
    risk = make_risk(provider, review_on=timezone.localdate())
    assert risk.review_on == timezone.localdate()


def test_an_owner_from_another_provider_is_refused(provider: Any, outsider: Any, dsl: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        risk_create(actor=dsl, provider=provider, **risk_data(owner=outsider))
    assert "owner" in caught.value.message_dict
    assert not Risk.objects.for_provider(provider).exists()


def test_learners_and_inspectors_cannot_own_a_risk(provider: Any, make_user: Any, dsl: Any) -> None:
    for role in (Role.LEARNER, Role.INSPECTOR):
        with pytest.raises(ValidationError):
            risk_create(actor=dsl, provider=provider, **risk_data(owner=make_user(provider, role)))


def test_the_same_risk_twice_in_one_area_is_a_conflict(provider: Any) -> None:
    make_risk(provider, title="Stickers")
    with pytest.raises(ConflictError):
        make_risk(provider, title="  stickers ")
    make_risk(provider, title="Stickers", area="premises")  # another area: a different risk
    assert Risk.objects.for_provider(provider).count() == 2


def test_an_edit_may_keep_a_past_review_date_but_not_set_one(provider: Any, dsl: Any) -> None:
    risk = make_risk(provider, review_on=timezone.localdate())
    Risk.objects.for_provider(provider).filter(pk=risk.pk).update(
        review_on=timezone.localdate() - timedelta(days=30)
    )
    risk.refresh_from_db()
    past = timezone.localdate() - timedelta(days=30)
    data = risk_data(area=risk.area, title=risk.title, review_on=past, likelihood=2)
    assert risk_update(actor=dsl, risk=risk, **data) == ["likelihood"]
    with pytest.raises(ValidationError):
        risk_update(actor=dsl, risk=risk, **{**data, "review_on": past - timedelta(days=1)})


def test_an_update_names_changed_fields_only(provider: Any, dsl: Any) -> None:
    risk = make_risk(provider)
    data = risk_data(area=risk.area, title=risk.title, likelihood=3, impact=5)
    assert risk_update(actor=dsl, risk=risk, **data) == ["impact"]
    risk.refresh_from_db()
    assert risk.inherent_score == 15
    assert risk_update(actor=dsl, risk=risk, **data) == []
    event = AuditEvent.objects.get(object_id=str(risk.pk), action="update")
    assert event.changed_fields == ["impact"]


def test_deleting_a_risk_removes_its_actions_and_audits_both(provider: Any, dsl: Any) -> None:
    risk = make_risk(provider)
    action = make_action(risk)
    ids = {str(risk.pk), str(action.pk)}
    risk_delete(actor=dsl, risk=risk)
    assert not RiskAction.objects.for_provider(provider).exists()
    deleted = set(AuditEvent.objects.filter(action="delete").values_list("object_id", flat=True))
    assert deleted == ids


def test_an_action_may_be_drafted_without_owner_due_date_or_measure(provider: Any) -> None:
    action = make_action(make_risk(provider), impact_measure="")
    assert (action.owner_id, action.due_on, action.impact_measure) == (None, None, "")
    assert action.status == "not_started"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"due_date": timezone.localdate() - timedelta(days=1)}, "due_date"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"impact_measure": "x" * 2001}, "impact_measure"),
    ],
)
def test_bad_action_input_is_refused(provider: Any, override: dict[str, Any], field: str) -> None:
    risk = make_risk(provider)
    with pytest.raises(ValidationError) as caught:
        make_action(risk, **override)
    assert field in caught.value.message_dict
    assert not RiskAction.objects.for_provider(provider).exists()


def test_an_action_owner_from_another_provider_is_refused(provider: Any, outsider: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_action(make_risk(provider), owner=outsider)
    assert "owner" in caught.value.message_dict


def test_the_same_action_twice_on_a_risk_is_a_conflict(provider: Any) -> None:
    risk = make_risk(provider)
    make_action(risk, title="Walk the site")
    with pytest.raises(ConflictError):
        make_action(risk, title="WALK THE SITE")


def test_an_edited_due_date_may_not_be_before_the_action_was_created(
    provider: Any, dsl: Any
) -> None:
    action = make_action(make_risk(provider))
    RiskAction.objects.for_provider(provider).filter(pk=action.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    action.refresh_from_db()
    fields = {"title": action.title, "impact_measure": action.impact_measure}
    past = timezone.localdate() - timedelta(days=5)
    assert action_update(actor=dsl, action=action, due_date=past, **fields) == ["due_on"]
    with pytest.raises(ValidationError):
        action_update(actor=dsl, action=action, due_date=past - timedelta(days=10), **fields)


def test_done_needs_evidence_of_impact(provider: Any, dsl: Any) -> None:
    action = make_action(make_risk(provider))
    with pytest.raises(ValidationError) as caught:
        action_progress(actor=dsl, action=action, status="done", evidence="  ")
    assert "evidence" in caught.value.message_dict
    action.refresh_from_db()
    assert action.status == "not_started"
    action_progress(actor=dsl, action=action, status="done", evidence="Survey: 85% know.")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completed_on == timezone.localdate()
    action_progress(actor=dsl, action=action, status="in_progress", evidence="Reopened.")
    action.refresh_from_db()
    assert action.completed_on is None


def test_an_unknown_status_is_refused(provider: Any, dsl: Any) -> None:
    action = make_action(make_risk(provider))
    with pytest.raises(ValidationError):
        action_progress(actor=dsl, action=action, status="finished", evidence="x")


def test_context_is_saved_and_audited_by_field_name(provider: Any, dsl: Any) -> None:
    context_update(
        actor=dsl,
        provider=provider,
        national_context="Threat level substantial.",
        national_sources="CONTEST 2023",
        local_context="Tensions on the Eastfield estate.",
        local_sources="",
    )
    event = AuditEvent.objects.get(object_type="risk.riskassessment", action="update")
    assert set(event.changed_fields) == {"national_context", "national_sources", "local_context"}
    assert "Eastfield" not in str(event.detail)


def test_inputs_are_recorded_and_refused_when_bad_or_repeated(provider: Any, dsl: Any) -> None:
    today = timezone.localdate()
    good = {
        "kind": "learner_consultation",
        "held_on": today,
        "what": "Student council",
        "summary": "Learners worry about online hate.",
    }
    input_record(actor=dsl, provider=provider, **good)
    with pytest.raises(ConflictError):
        input_record(actor=dsl, provider=provider, **{**good, "what": "student COUNCIL"})
    for bad, field in (
        ({"held_on": today + timedelta(days=1)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"what": ""}, "what"),
        ({"summary": ""}, "summary"),
        ({"kind": "rumour"}, "kind"),
    ):
        with pytest.raises(ValidationError) as caught:
            input_record(actor=dsl, provider=provider, **{**good, **bad})
        assert field in caught.value.message_dict
    assert AssessmentInput.objects.for_provider(provider).count() == 1
