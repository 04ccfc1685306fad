"""Versions: sign-off by a senior leader and a governor (two people, the same content), the
frozen snapshot, and the field-by-field differences between versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.notifications.models import Notification
from preventhub.risk.models import AssessmentVersion
from preventhub.risk.services import action_progress, risk_delete, risk_update
from preventhub.risk.tests.factories import make_action, make_risk
from preventhub.risk.versions import build_snapshot, diff_snapshots, load, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER, Role.STAFF, username="leader")


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


def test_both_signatures_approve_the_same_content(
    provider: Any, leader: Any, governor: Any
) -> None:
    risk = make_risk(provider)
    make_action(risk)
    first = sign_off(actor=leader, provider=provider, role="senior_leader", comment="Good.")
    assert (first.new_version, first.approved) == (True, False)
    assert first.version.status == "awaiting"
    # The governors are told it is waiting for them.
    assert Notification.objects.for_provider(provider).filter(user=governor).exists()
    second = sign_off(actor=governor, provider=provider, role="governor")
    assert (second.new_version, second.approved) == (False, True)
    version = AssessmentVersion.objects.for_provider(provider).get()
    assert version.status == "approved"
    assert version.approved_at is not None
    snapshot = load(version)
    assert snapshot["risks"][0]["title"] == risk.title
    assert snapshot["risks"][0]["actions"][0]["title"]
    assert AuditEvent.objects.filter(action="approve", object_id=str(version.pk)).exists()


def test_a_change_between_signatures_freezes_a_new_version(
    provider: Any, leader: Any, governor: Any, dsl: Any
) -> None:
    risk = make_risk(provider)
    first = sign_off(actor=leader, provider=provider, role="senior_leader").version
    risk_update(
        actor=dsl,
        risk=risk,
        area=risk.area,
        title=risk.title,
        description=risk.description,
        likelihood=5,
        impact=risk.impact,
    )
    result = sign_off(actor=governor, provider=provider, role="governor")
    assert result.new_version
    assert not result.approved  # the leader has not signed the new content
    first.refresh_from_db()
    assert first.status == "superseded"
    again = sign_off(actor=leader, provider=provider, role="senior_leader")
    assert again.approved
    assert again.version.number == 2


def test_one_person_cannot_sign_twice(provider: Any, make_user: Any) -> None:
    both = make_user(provider, Role.SENIOR_LEADER, Role.GOVERNOR)
    sign_off(actor=both, provider=provider, role="senior_leader")
    with pytest.raises(ValidationError, match="someone else"):
        sign_off(actor=both, provider=provider, role="governor")
    assert AssessmentVersion.objects.for_provider(provider).get().status == "awaiting"


def test_a_role_signs_once(provider: Any, leader: Any, make_user: Any) -> None:
    sign_off(actor=leader, provider=provider, role="senior_leader")
    other = make_user(provider, Role.SENIOR_LEADER)
    with pytest.raises(ConflictError):
        sign_off(actor=other, provider=provider, role="senior_leader")


def test_only_a_role_you_hold(provider: Any, leader: Any, dsl: Any) -> None:
    with pytest.raises(ValidationError):
        sign_off(actor=leader, provider=provider, role="governor")
    with pytest.raises(ValidationError):
        sign_off(actor=dsl, provider=provider, role="senior_leader")
    with pytest.raises(ValidationError):
        sign_off(actor=leader, provider=provider, role="chair")
    with pytest.raises(ValidationError):
        sign_off(actor=leader, provider=provider, role="senior_leader", comment="x" * 501)
    assert not AssessmentVersion.objects.for_provider(provider).exists()


def test_an_approved_version_stays_frozen(
    provider: Any, leader: Any, governor: Any, dsl: Any
) -> None:
    risk = make_risk(provider)
    sign_off(actor=leader, provider=provider, role="senior_leader")
    sign_off(actor=governor, provider=provider, role="governor")
    risk_delete(actor=dsl, risk=risk)
    version = AssessmentVersion.objects.for_provider(provider).get()
    assert load(version)["risks"][0]["title"] == risk.title
    assert build_snapshot(provider)["risks"] == []


def test_the_diff_names_added_removed_and_changed_fields(provider: Any, dsl: Any) -> None:
    kept = make_risk(provider, title="Kept")
    gone = make_risk(provider, title="Gone", area="online")
    action = make_action(kept, title="Do it")
    before = build_snapshot(provider)
    risk_update(
        actor=dsl,
        risk=kept,
        area=kept.area,
        title="Kept, renamed",
        description=kept.description,
        likelihood=kept.likelihood,
        impact=5,
        residual_likelihood=2,
        residual_impact=2,
    )
    risk_delete(actor=dsl, risk=gone)
    make_risk(provider, title="New", area="training")
    action_progress(actor=dsl, action=action, status="done", evidence="It worked.")
    make_action(kept, title="Another")
    diff = diff_snapshots(before, build_snapshot(provider))
    assert [r["title"] for r in diff.added] == ["New"]
    assert [r["title"] for r in diff.removed] == ["Gone"]
    (changed,) = diff.changed
    assert changed.title == "Kept, renamed"
    fields = {f.name: (f.before, f.after) for f in changed.fields}
    assert fields["title"] == ("Kept", "Kept, renamed")
    assert fields["impact"] == ("4 (Major)", "5 (Severe)")
    assert fields["residual_likelihood"] == ("", "2 (Unlikely)")
    assert [a["title"] for a in changed.added] == ["Another"]
    (action_change,) = changed.changed
    action_fields = {f.name for f in action_change.fields}
    assert {"status", "evidence", "completed_on"} <= action_fields
    assert not diff.empty


def test_nothing_changed_is_an_empty_diff(provider: Any) -> None:
    make_risk(provider)
    snapshot = build_snapshot(provider)
    assert diff_snapshots(snapshot, build_snapshot(provider)).empty


def test_the_first_version_is_all_additions(provider: Any) -> None:
    make_risk(provider)
    diff = diff_snapshots(None, build_snapshot(provider))
    assert len(diff.added) == 1


def test_sign_off_is_audited_by_role(provider: Any, leader: Any) -> None:
    version = sign_off(actor=leader, provider=provider, role="senior_leader").version
    event = AuditEvent.objects.get(action="sign_off", object_id=str(version.pk))
    assert event.detail["role"] == "senior_leader"
    assert event.actor_id == leader.pk


def test_a_year_old_sign_off_is_no_longer_current(
    provider: Any, leader: Any, governor: Any
) -> None:
    from preventhub.risk.quality import quality_findings

    sign_off(actor=leader, provider=provider, role="senior_leader")
    sign_off(actor=governor, provider=provider, role="governor")
    codes = {f.code for f in quality_findings(provider)}
    assert "assessment_not_reviewed" not in codes
    later = timezone.now() + timedelta(days=400)
    assert "assessment_not_reviewed" in {f.code for f in quality_findings(provider, later)}
