"""The rules of issue 4, called as plain functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.speakers.selectors import (
    approved_by_wrong_role,
    held_without_approval,
    outcome_missing,
    previous_appearances,
)
from preventhub.speakers.services import (
    SpeakerIn,
    check_record,
    outcome_record,
    request_decide,
    request_reopen,
    request_submit,
    settings_update,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def submit(provider: Any, actor: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "title": "Careers in journalism",
        "topic": "Reporting on conflict",
        "starts_at": timezone.now() + timedelta(days=30),
        "venue": "Main hall",
        "audience": "learners",
        "speakers": [SpeakerIn("Sam Writer", "The Daily Example")],
    }
    fields.update(overrides)
    return request_submit(actor=actor, provider=provider, **fields).request


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SPEAKER_COORDINATOR, Role.STAFF)


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER)


def minimum_checks(request: Any, actor: Any) -> None:
    check_record(actor=actor, request=request, kind="internet_search", outcome="clear")
    check_record(actor=actor, request=request, kind="materials_review", outcome="clear")


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    # Friday 19 Dec 2025 to Friday 2 Jan 2026: Christmas, Boxing Day and New Year are closed.
    assert working_days_between(date(2025, 12, 19), date(2026, 1, 2)) == 7


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"starts_at": timezone.now() - timedelta(days=1)}, "starts_at"),
        (
            {
                "starts_at": timezone.now() + timedelta(days=30),
                "ends_at": timezone.now() + timedelta(days=29),
            },
            "ends_at",
        ),
        ({"audience": "aliens"}, "audience"),
        ({"speakers": []}, "speakers"),
        ({"title": " "}, "title"),
        ({"starts_at": timezone.now() + timedelta(days=2)}, "late_reason"),
    ],
)
def test_bad_requests_are_refused(staff: Any, provider: Any, override: Any, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        submit(provider, staff, **override)
    assert field in exc.value.message_dict


def test_a_late_request_needs_a_reason_and_a_senior_leader(
    staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    request = submit(
        provider, staff, starts_at=timezone.now() + timedelta(days=2), late_reason="Cancellation"
    )
    assert request.late
    minimum_checks(request, coordinator)
    with pytest.raises(PermissionDenied):
        request_decide(
            actor=coordinator, request=request, decision="approved", risk_level="low",
            rationale="Fine",
        )  # fmt: skip
    request_decide(
        actor=leader, request=request, decision="approved", risk_level="low", rationale="Fine"
    )


def test_approval_needs_the_minimum_checks_and_consent(
    staff: Any, provider: Any, coordinator: Any
) -> None:
    request = submit(provider, staff)
    decide = {"decision": "approved", "risk_level": "low", "rationale": "Known speaker"}
    with pytest.raises(ValidationError, match="internet"):
        request_decide(actor=coordinator, request=request, **decide)
    minimum_checks(request, coordinator)
    check_record(
        actor=coordinator, request=request, kind="police_prevent", outcome="consent_refused"
    )
    with pytest.raises(ValidationError, match="refused consent"):
        request_decide(actor=coordinator, request=request, **decide)
    refused = request_decide(
        actor=coordinator, request=request, decision="refused", risk_level="medium",
        rationale="Would not consent to checks.",
    )  # fmt: skip
    assert refused.decision == "refused"


def test_high_risk_needs_a_senior_leader(
    staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    request = submit(provider, staff)
    minimum_checks(request, coordinator)
    decide = {
        "decision": "approved_with_conditions",
        "risk_level": "high",
        "rationale": "Contested views; balanced panel.",
        "conditions": ["independent_chair", "balancing_speaker"],
    }
    with pytest.raises(PermissionDenied):
        request_decide(actor=coordinator, request=request, **decide)
    request_decide(actor=leader, request=request, **decide)
    request.refresh_from_db()
    assert request.status == "approved_with_conditions"
    with pytest.raises(IllegalTransitionError):
        request_decide(actor=leader, request=request, **decide)
    request_reopen(actor=leader, request=request, reason="New social media posts found.")
    request.refresh_from_db()
    assert request.status == "submitted"


def test_outcomes_come_after_the_event_and_signals_flag_gaps(
    staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    start = timezone.now() + timedelta(days=30)
    request = submit(provider, staff, starts_at=start)
    with pytest.raises(IllegalTransitionError):
        outcome_record(actor=staff, request=request, held=True, attendance=40, benefit="x")
    later = start + timedelta(days=10)
    outcome_record(
        actor=staff, request=request, held=True, attendance=40, benefit="Debate skills",
        values_addressed=["democracy"], now=later,
    )  # fmt: skip
    assert list(held_without_approval(provider)) == [request]

    approved = submit(provider, staff, title="Another")
    minimum_checks(approved, coordinator)
    request_decide(
        actor=coordinator, request=approved, decision="approved", risk_level="medium",
        rationale="Fine",
    )  # fmt: skip
    assert list(outcome_missing(provider, now=start + timedelta(days=9))) == [approved]
    settings_update(
        actor=leader,
        provider=provider,
        approvers={
            "low": ["senior_leader"],
            "medium": ["senior_leader"],
            "high": ["senior_leader"],
        },
    )
    assert list(approved_by_wrong_role(provider)) == [approved]


def test_previous_appearances_are_found_by_name_and_organisation(staff: Any, provider: Any) -> None:
    first = submit(provider, staff)
    second = submit(
        provider,
        staff,
        title="Second visit",
        speakers=[SpeakerIn("  sam WRITER ", "the daily example")],
    )
    speaker = second.speakers.get().speaker
    found = previous_appearances(speaker, exclude_request=second)
    assert [a.reference for a in found] == [first.reference]


def test_duplicate_submission_makes_one_request(staff: Any, provider: Any) -> None:
    one = request_submit(
        actor=staff, provider=provider, title="T", topic="t", venue="v", audience="staff",
        starts_at=timezone.now() + timedelta(days=40), speakers=[SpeakerIn("A")],
        idempotency_key="k1",
    )  # fmt: skip
    two = request_submit(
        actor=staff, provider=provider, title="T", topic="t", venue="v", audience="staff",
        starts_at=timezone.now() + timedelta(days=40), speakers=[SpeakerIn("A")],
        idempotency_key="k1",
    )  # fmt: skip
    assert one.created
    assert not two.created
    assert one.request.pk == two.request.pk
    assert isinstance(one.request.starts_at, datetime)


def test_the_request_takes_the_organisers_department(staff: Any, provider: Any) -> None:
    from preventhub.testing.factories import DepartmentFactory, StaffPersonFactory

    department = DepartmentFactory(provider=provider, name="Media")
    StaffPersonFactory(provider=provider, user=staff, department=department)
    assert submit(provider, staff).department == department
