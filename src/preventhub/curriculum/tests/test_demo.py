"""The curriculum demo: through the services, idempotent, and showing what the module is for
(gaps, an employer not told, a course whose survey figures are withheld)."""

from __future__ import annotations

from datetime import date

import pytest

from preventhub.accounts.roles import Role
from preventhub.core.demo.curriculum import seed_curriculum
from preventhub.core.findings import findings_for
from preventhub.curriculum.models import Activity, Survey
from preventhub.curriculum.results import FEWER_THAN, WITHHELD, survey_results
from preventhub.curriculum.tests.helpers import enrol
from preventhub.testing.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_shows_the_rules(provider):
    grant(UserFactory(username="curriculum_lead"), provider, Role.CURRICULUM_LEAD, Role.STAFF)
    grant(UserFactory(username="staff"), provider, Role.STAFF)
    for n, course in enumerate(
        ("Level 3 Health and Social Care", "Level 2 Plumbing", "Level 1 Art", "ESOL")
    ):
        for group in ("A1", "A2", "B1"):
            enrol(
                provider,
                6 - n,
                course=course,
                group=f"{course[:3]}{group}",
                end_date=date(2099, 7, 1),
            )
    enrol(provider, 2, course="Plumbing apprenticeship", group="", employer="Summit Plumbing")
    enrol(provider, 2, course="Care apprenticeship", group="", employer="Riverside Care Homes")
    created = seed_curriculum(provider, size="small", seed=2015)
    assert created > 20
    assert seed_curriculum(provider, size="small", seed=2015) == 0
    assert Activity.objects.for_provider(provider).filter(summary__isnull=False).exists()
    surveys = Survey.objects.for_provider(provider)
    assert sorted(surveys.values_list("status", flat=True)) == ["closed", "closed", "open"]
    notes = {
        total.note
        for survey in surveys
        for b in survey_results(survey).breakdowns
        for total, _cells in b.rows
    }
    assert {FEWER_THAN, WITHHELD} & notes
    assert {f.code for f in findings_for(provider, only=["curriculum"])} <= {
        "groups_without_british_values", "employers_not_informed",
    }  # fmt: skip
