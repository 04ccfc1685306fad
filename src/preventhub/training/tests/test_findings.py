"""What training tells the compliance view (source "training"), and the link to concerns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.models import Concern
from preventhub.core.findings import findings_for
from preventhub.testing.factories import make_concern
from preventhub.training.models import Requirement
from preventhub.training.outcomes import outcome_link
from preventhub.training.questionnaires import questionnaire_answer
from preventhub.training.records import attendance_record, session_book
from preventhub.training.services import requirements_set, settings_for
from preventhub.training.tests.helpers import (
    days_ago,
    default_course,
    make_record,
    make_session,
    staff_member,
    staff_with_sign_in,
)

pytestmark = pytest.mark.django_db


def codes(provider: Any) -> dict[str, Any]:
    return {f.code: f for f in findings_for(provider, only=["training"])}


def test_findings_are_registered_for_the_training_area(provider: Any) -> None:
    found = findings_for(provider, only=["training"])
    assert found
    assert {f.compliance_area for f in found} == {"training"}


def test_no_requirements_is_red_and_everyone_alike_is_amber(provider: Any) -> None:
    settings_for(provider)
    Requirement.objects.for_provider(provider).delete()
    assert codes(provider)["no_requirements"].severity == "red"
    requirements_set(
        actor=None,
        provider=provider,
        audience_type="all_staff",
        audience="",
        cells={default_course(provider): "induction_36"},
    )
    found = codes(provider)
    assert "no_requirements" not in found
    assert found["one_size_fits_all"].severity == "amber"
    assert "one_size_fits_all" not in codes_after_default(provider)


def codes_after_default(provider: Any) -> dict[str, Any]:
    requirements_set(
        actor=None,
        provider=provider,
        audience_type="role",
        audience="dsl",
        cells={default_course(provider, "dsl_prevent"): "every_24"},
    )
    return codes(provider)


def test_front_line_staff_below_the_threshold_while_leaders_are_trained(provider: Any) -> None:
    awareness, wrap = default_course(provider), default_course(provider, "wrap")
    teachers = [staff_member(provider, job_category="teaching") for _ in range(4)]
    make_record(provider, teachers[0], wrap)
    for _ in range(2):
        make_record(provider, staff_member(provider, job_category="leadership"), wrap)
    found = codes(provider)
    finding = found["front_line_below_threshold"]
    assert finding.area == "teaching"
    assert (
        finding.message
        == "Teaching staff: 25% have in-date training (1 of 4); the threshold is 90%."
    )
    assert finding.severity == "red"
    assert found["leaders_trained_front_line_not"].severity == "red"
    for teacher in teachers[1:]:
        make_record(provider, teacher, wrap)
    assert "front_line_below_threshold" not in codes(provider)
    assert awareness  # the suggested matrix requires it, and the workshop counts as it


def test_a_dsl_without_in_date_face_to_face_training(provider: Any) -> None:
    _, lead = staff_with_sign_in(
        provider, Role.DSL, Role.STAFF, first_name="Dana", last_name="Lead"
    )
    make_record(provider, lead, default_course(provider), on=days_ago(10))  # online only
    finding = codes(provider)["dsl_without_face_to_face"]
    assert (
        finding.message
        == "The designated safeguarding lead has no in-date face-to-face Prevent training."
    )
    assert "Dana" not in finding.message
    make_record(provider, lead, default_course(provider, "dsl_prevent"), on=days_ago(800))  # lapsed
    assert "dsl_without_face_to_face" in codes(provider)
    make_record(provider, lead, default_course(provider, "dsl_prevent"), on=days_ago(100))
    assert "dsl_without_face_to_face" not in codes(provider)


def test_a_dsl_sign_in_without_a_staff_record_cannot_be_checked(provider: Any, dsl: Any) -> None:
    assert codes(provider)["dsl_not_linked"].severity == "amber"


def test_no_impact_evaluation_in_the_last_year(provider: Any) -> None:
    assert "no_impact_evaluation" in codes(provider)
    session = make_session(provider, on=days_ago(0))
    person = staff_member(provider)
    session_book(actor=None, session=session, people=[person], today=days_ago(1))
    attendance_record(actor=None, session=session, present=[person])
    questionnaire_answer(
        actor=None,
        session=session,
        person=person,
        phase="after",
        ratings={"recognise": 4, "refer": 4, "discuss": 4},
        chosen={str(q.pk): 0 for q in session.questions.all()},
    )
    assert "no_impact_evaluation" not in codes(provider)


def test_online_training_only_for_everyone(provider: Any) -> None:
    assert "online_only" not in codes(provider)  # nothing recorded is not "online only"
    person = staff_member(provider)
    make_record(provider, person, default_course(provider))
    assert codes(provider)["online_only"].severity == "red"
    make_record(provider, person, default_course(provider, "wrap"))
    assert "online_only" not in codes(provider)


# --- concerns before and after training --------------------------------------------------------


def raised(provider: Any, user: Any, days: int, **overrides: Any) -> None:
    concern = make_concern(provider, user, **overrides)
    when = timezone.now() - timedelta(days=days)
    Concern.objects.for_provider(provider).filter(pk=concern.pk).update(created_at=when)


def test_concerns_are_counted_by_the_reporters_staff_group_before_and_after_training(
    provider: Any, dsl: Any, lead: Any
) -> None:
    estates_user, estates = staff_with_sign_in(provider, Role.STAFF, job_category="estates")
    teacher_user, teacher = staff_with_sign_in(provider, Role.STAFF, job_category="teaching")
    make_record(provider, estates, on=days_ago(100))
    make_record(provider, teacher, on=days_ago(100))
    for _ in range(5):
        raised(provider, teacher_user, 200)
    for _ in range(6):
        raised(provider, estates_user, 50)
    raised(provider, teacher_user, 10)
    raised(provider, dsl, 10)  # a dsl with no staff record: not counted by group
    exact = outcome_link(dsl, provider)
    rows = {r.key: r for r in exact.rows}
    assert (rows["teaching"].before.value, rows["teaching"].after.value) == (5, 1)
    assert (rows["estates"].before.value, rows["estates"].after.value) == (0, 6)
    assert (rows["estates"].after_percent, rows["teaching"].before_percent) == (86, 100)
    assert exact.not_staff.value == 1
    assert exact.exact
    protected = outcome_link(lead, provider)
    rows = {r.key: r for r in protected.rows}
    assert rows["teaching"].after.display == "fewer than 5"
    assert rows["teaching"].after_percent is None
    assert not protected.exact
    prevent = outcome_link(dsl, provider, prevent_only=True)
    assert prevent.prevent_only
