"""The compliance engine: each status, induction deadlines, refreshers, what counts as what,
the strictest requirement, roles through the sign-in, leavers, and coverage over time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from preventhub.accounts.roles import Role
from preventhub.concerns.statistics import add_months
from preventhub.testing.factories import grant
from preventhub.training.choices import Status
from preventhub.training.compliance import load
from preventhub.training.models import Requirement
from preventhub.training.records import record_delete
from preventhub.training.reports import (
    GroupBy,
    cached_coverage,
    counted,
    coverage_series,
    group_rows,
    totals,
)
from preventhub.training.services import requirements_set, settings_for
from preventhub.training.tests.helpers import (
    days_ago,
    default_course,
    make_course,
    make_record,
    staff_member,
    staff_with_sign_in,
)

pytestmark = pytest.mark.django_db


def only_awareness(provider: Any, frequency: str = "induction_36") -> Any:
    """Clear the suggested matrix and require the awareness e-learning of everyone."""
    course = default_course(provider)
    Requirement.objects.for_provider(provider).delete()
    requirements_set(
        actor=None,
        provider=provider,
        audience_type="all_staff",
        audience="",
        cells={course: frequency},
    )
    return course


def standing_of(provider: Any, person: Any, day: Any = None) -> Any:
    data = load(provider, people=[person.pk])
    return data.standing(data.members[0], day or days_ago(0))


def test_in_date_training_is_compliant_and_lapses_after_the_refresher(provider: Any) -> None:
    course = only_awareness(provider)
    person = staff_member(provider)
    make_record(provider, person, course, on=days_ago(100))
    item = standing_of(provider, person).items[0]
    assert (item.status, item.last_completed) == (Status.COMPLIANT, days_ago(100))
    assert item.due_on == add_months(days_ago(100), 36)


def test_training_lapsing_within_the_window_is_due_soon(provider: Any) -> None:
    course = only_awareness(provider, "every_12")
    person = staff_member(provider)
    make_record(provider, person, course, on=add_months(days_ago(0), -12) + timedelta(days=20))
    assert standing_of(provider, person).status == Status.DUE_SOON


def test_lapsed_training_is_overdue(provider: Any) -> None:
    course = only_awareness(provider, "every_12")
    person = staff_member(provider)
    make_record(provider, person, course, on=days_ago(400))
    standing = standing_of(provider, person)
    assert standing.status == Status.OVERDUE
    assert standing.items[0].due_on == add_months(days_ago(400), 12)


def test_no_training_is_never_trained_and_a_new_starter_has_until_the_induction_deadline(
    provider: Any,
) -> None:
    only_awareness(provider)
    old_hand = staff_member(provider, start_date=days_ago(900))
    new_starter = staff_member(provider, start_date=days_ago(10))
    assert standing_of(provider, old_hand).status == Status.NEVER_TRAINED
    item = standing_of(provider, new_starter).items[0]
    assert (item.status, item.due_on) == (Status.DUE_SOON, days_ago(10) + timedelta(days=28))
    later = standing_of(provider, new_starter, days_ago(-30))
    assert later.status == Status.NEVER_TRAINED


def test_the_induction_deadline_follows_the_setting(provider: Any) -> None:
    only_awareness(provider)
    settings = settings_for(provider)
    settings.induction_days = 5
    settings.save()
    person = staff_member(provider, start_date=days_ago(10))
    assert standing_of(provider, person).status == Status.NEVER_TRAINED


def test_a_course_that_counts_as_another_meets_its_requirement_transitively(
    provider: Any,
) -> None:
    course = only_awareness(provider)
    person = staff_member(provider)
    # The DSL course counts as the workshop, which counts as the e-learning.
    make_record(provider, person, default_course(provider, "dsl_prevent"), on=days_ago(50))
    item = standing_of(provider, person).items[0]
    assert item.course_id == course.pk
    assert item.status == Status.COMPLIANT
    # It lasts as long as the shorter of the refresher (36 months) and its validity (24).
    assert item.due_on == add_months(days_ago(50), 24)


def test_an_unrelated_course_does_not_count(provider: Any) -> None:
    only_awareness(provider)
    person = staff_member(provider)
    make_record(provider, person, make_course(provider), on=days_ago(50))
    assert standing_of(provider, person).status == Status.NEVER_TRAINED


def test_the_strictest_of_two_cells_for_the_same_course_applies(provider: Any) -> None:
    course = only_awareness(provider, "every_36")
    requirements_set(
        actor=None,
        provider=provider,
        audience_type="job_category",
        audience="teaching",
        cells={course: "every_12"},
    )
    teacher = staff_member(provider, job_category="teaching")
    cleaner = staff_member(provider, job_category="estates")
    for person in (teacher, cleaner):
        make_record(provider, person, course, on=days_ago(500))
    assert standing_of(provider, teacher).status == Status.OVERDUE
    assert standing_of(provider, cleaner).status == Status.COMPLIANT


def test_roles_come_from_the_sign_in_at_this_provider(provider: Any, other_provider: Any) -> None:
    only_awareness(provider)
    dsl_course = default_course(provider, "dsl_prevent")
    requirements_set(
        actor=None,
        provider=provider,
        audience_type="role",
        audience="dsl",
        cells={dsl_course: "every_24"},
    )
    user, lead = staff_with_sign_in(provider, Role.DSL, Role.STAFF)
    _, colleague = staff_with_sign_in(provider, Role.STAFF)
    grant(colleague.user, other_provider, Role.DSL)  # a dsl elsewhere is not one here
    required = {i.course_id for i in standing_of(provider, lead).items}
    assert required == {dsl_course.pk, default_course(provider).pk}
    assert len(standing_of(provider, colleague).items) == 1


def test_leavers_and_future_starters_are_not_counted(provider: Any) -> None:
    only_awareness(provider)
    staff_member(provider, end_date=days_ago(1))
    staff_member(provider, start_date=days_ago(-10))
    present = staff_member(provider)
    standings = load(provider).standings()
    assert [s.member.id for s in standings] == [present.pk]


def test_groups_and_totals_count_people_by_status(provider: Any) -> None:
    course = only_awareness(provider)
    for _n in range(3):
        make_record(provider, staff_member(provider, job_category="teaching"), course)
    staff_member(provider, job_category="teaching")
    staff_member(provider, job_category="estates")
    standings = counted(load(provider).standings())
    assert (totals(standings).compliant, totals(standings).never_trained) == (3, 2)
    rows = {
        r.key: r for r in group_rows(provider, standings, GroupBy.JOB_CATEGORY, anonymised=True)
    }
    assert (rows["teaching"].in_date_percent, rows["teaching"].suppressed) == (75, False)
    assert rows["estates"].suppressed  # one person: no breakdown for governors
    named = {
        r.key: r for r in group_rows(provider, standings, GroupBy.JOB_CATEGORY, anonymised=False)
    }
    assert not named["estates"].suppressed


def test_coverage_over_time_uses_what_was_completed_by_each_month_end(provider: Any) -> None:
    course = only_awareness(provider, "once")
    early, late = (
        staff_member(provider, start_date=days_ago(1000)),
        staff_member(provider, start_date=days_ago(1000)),
    )
    make_record(provider, early, course, on=days_ago(300))
    make_record(provider, late, course, on=days_ago(5))
    points = coverage_series(load(provider), days_ago(0))
    assert len(points) == 12
    assert points[-1].percent == 100
    assert points[0].day < days_ago(300) or points[0].percent == 50
    assert any(p.percent == 50 for p in points)


def test_the_cached_coverage_follows_every_change_under_it(provider: Any) -> None:
    course = only_awareness(provider, "once")
    person = staff_member(provider)
    today = days_ago(0)
    assert cached_coverage(load(provider), today)[-1].percent == 0
    record = make_record(provider, person, course)
    assert cached_coverage(load(provider), today)[-1].percent == 100
    record_delete(actor=None, record=record)
    assert cached_coverage(load(provider), today)[-1].percent == 0
