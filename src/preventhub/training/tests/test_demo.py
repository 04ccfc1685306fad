"""The training demo (core/demo/training.py): certificates imported, workshops with their
questionnaires, the safeguarding team's DSL training, the demo staff user's questionnaires,
the statuses and findings it is meant to show; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role
from preventhub.core.demo.training import seed_training
from preventhub.core.findings import findings_for
from preventhub.people.models import Person
from preventhub.training.choices import RecordSource, Status
from preventhub.training.compliance import load
from preventhub.training.models import QuestionnaireResponse, TrainingRecord, TrainingSession
from preventhub.training.questionnaires import questionnaires_due
from preventhub.training.reports import counted
from preventhub.training.tests.helpers import days_ago, staff_member, staff_with_sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_training_story(provider: Any) -> None:
    for username, role, category in (
        ("training_lead", Role.TRAINING_LEAD, "support"),
        ("dsl", Role.DSL, "leadership"),
        ("deputy_dsl", Role.DEPUTY_DSL, "support"),
        ("staff", Role.STAFF, "teaching"),
    ):
        user, _ = staff_with_sign_in(provider, role, Role.STAFF, job_category=category)
        user.username = username
        user.save()
    for n in range(40):
        staff_member(provider, job_category=("teaching", "support", "estates", "governor")[n % 4],
                     start_date=days_ago(400 + n * 30))  # fmt: skip
    created = seed_training(provider, size="small", seed=1, today=days_ago(0))
    records = TrainingRecord.objects.for_provider(provider)
    assert created == records.count() > 30
    assert records.filter(source=RecordSource.IMPORT).exists()
    assert records.filter(source=RecordSource.SESSION).exists()
    sessions = TrainingSession.objects.for_provider(provider)
    assert sessions.filter(held_on__gt=days_ago(0)).count() == 1
    assert QuestionnaireResponse.objects.for_provider(provider).filter(phase="after").exists()
    staff = load(provider).members
    demo_staff = next(
        m for m in staff if m.roles == frozenset({"staff"}) and m.job_category == "teaching"
    )
    person = Person.objects.for_provider(provider).get(pk=demo_staff.id)
    assert {d.phase for d in questionnaires_due(person)} == {"before", "after"}
    statuses = {s.status for s in counted(load(provider).standings())}
    assert {Status.COMPLIANT, Status.NEVER_TRAINED} <= statuses
    codes = {f.code for f in findings_for(provider, only=["training"])}
    assert "dsl_without_face_to_face" not in codes
    assert "no_impact_evaluation" not in codes
    assert "online_only" not in codes
    # Idempotent: a second seed adds nothing.
    assert seed_training(provider, size="small", seed=1, today=days_ago(0)) == 0
    assert records.count() == created
