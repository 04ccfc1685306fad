"""Coverage by group and term: groups come from the people register (distinct values, counted
in the database), whole-course and every-learner activities count for each group, held speaker
events count once their groups are recorded, and gaps are said in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from preventhub.curriculum.models import Activity
from preventhub.curriculum.selectors import coverage, summarise
from preventhub.curriculum.services import GroupRef, event_attendance_record
from preventhub.curriculum.terms import current_term, judged_term, term_for_key
from preventhub.curriculum.tests.helpers import COURSE, GROUP, enrol, make_activity
from preventhub.speakers.tests.helpers import approved, held, make_request

pytestmark = pytest.mark.django_db
PAGE = reverse("curriculum:coverage")


def rows_by_group(provider, term=None):
    return {(r.course, r.group): r for r in coverage(provider, term or current_term())}


def test_groups_come_from_the_register_with_their_learners(provider):
    enrol(provider, 3)
    enrol(provider, 2, group="HSC3A2")
    enrol(provider, 1, course="Level 2 Plumbing", group="PLU2A1")
    enrol(provider, 1, course="Level 2 Plumbing", group="PLU2A1", end_date=date(2019, 7, 1))
    rows = rows_by_group(provider)
    assert {k: r.learners for k, r in rows.items()} == {
        (COURSE, GROUP): 3,
        (COURSE, "HSC3A2"): 2,
        ("Level 2 Plumbing", "PLU2A1"): 1,
    }
    assert all(r.status == "none" for r in rows.values())


def test_a_whole_course_and_every_learner_count_for_each_group(provider):
    enrol(provider, 1)
    enrol(provider, 1, group="HSC3A2")
    enrol(provider, 1, course="Level 2 Plumbing", group="PLU2A1")
    make_activity(provider, values=["democracy"], groups=[GroupRef(COURSE, GROUP)])
    make_activity(provider, values=["rule_of_law"], groups=[GroupRef(COURSE)])
    make_activity(provider, values=["mutual_respect"], all_learners=True, topics=["hate_crime"])
    rows = rows_by_group(provider)
    assert rows[(COURSE, GROUP)].values == {"democracy": 1, "rule_of_law": 1, "mutual_respect": 1}
    assert rows[(COURSE, "HSC3A2")].values == {"rule_of_law": 1, "mutual_respect": 1}
    plumbing = rows[("Level 2 Plumbing", "PLU2A1")]
    assert plumbing.values == {"mutual_respect": 1}
    assert plumbing.gaps == ["Democracy", "The rule of law", "Individual liberty"]
    assert plumbing.topic_labels == ["Hate crime, prejudice and discrimination"]


def test_an_activity_naming_a_group_and_its_course_counts_once(provider):
    enrol(provider)
    make_activity(provider, groups=[GroupRef(COURSE, GROUP), GroupRef(COURSE)])
    assert rows_by_group(provider)[(COURSE, GROUP)].activities == 1


def test_coverage_is_by_term(provider):
    term = current_term()
    last = term.previous
    make_activity(provider, held_on=last.last_day, values=["individual_liberty"])
    assert rows_by_group(provider)[(COURSE, GROUP)].status == "none"
    assert rows_by_group(provider, last)[(COURSE, GROUP)].values == {"individual_liberty": 1}


def test_terms_by_key():
    assert term_for_key("2025-autumn").first_day == date(2025, 9, 1)
    assert term_for_key("2026-spring").last_day == date(2026, 4, 4)  # Easter Day is 5 April
    assert term_for_key("2026-summer").first_day == date(2026, 4, 5)
    for bad in ("2025-winter", "", "25-autumn", "2025-autumn;drop", "1066-autumn"):
        with pytest.raises(ValueError, match="Unknown term"):
            term_for_key(bad)


def test_findings_judge_last_term_for_the_first_three_weeks():
    assert judged_term(date(2025, 9, 10)).key == "2025-summer"
    assert judged_term(date(2025, 9, 22)).key == "2025-autumn"


def test_a_held_speaker_event_counts_with_the_values_of_its_outcome(provider, teacher):
    enrol(provider)
    event = held(provider)  # its outcome addressed democracy
    event_attendance_record(
        actor=teacher, provider=provider, event=event, groups=[GroupRef(COURSE, GROUP)],
        topics=["radicalisation"],
    )  # fmt: skip
    term = current_term(timezone.localtime(event.starts_at).date())
    row = rows_by_group(provider, term)[(COURSE, GROUP)]
    assert row.values == {"democracy": 1}
    assert row.topics == {"radicalisation": 1}
    activity = Activity.objects.for_provider(provider).get()
    assert activity.kind == "external_speaker"
    assert activity.title == ""  # the title stays the speaker register's
    assert activity.values == []  # so do the values


def test_recording_attendance_again_replaces_the_groups(provider, teacher):
    enrol(provider)
    enrol(provider, group="HSC3A2")
    event = held(provider)
    first = event_attendance_record(
        actor=teacher, provider=provider, event=event, groups=[GroupRef(COURSE, GROUP)]
    )
    again = event_attendance_record(
        actor=teacher, provider=provider, event=event, groups=[GroupRef(COURSE, "HSC3A2")]
    )
    assert first.pk == again.pk
    assert list(again.groups.values_list("group_name", flat=True)) == ["HSC3A2"]


def test_only_held_events_for_learners_can_be_attributed(provider, teacher):
    enrol(provider)
    for event, message in (
        (make_request(provider), "Record the event's outcome"),
        (approved(provider), "Record the event's outcome"),
        (make_request(provider, audience="staff"), "Only speaker events for learners"),
    ):
        with pytest.raises(ValidationError, match=message):
            event_attendance_record(
                actor=teacher, provider=provider, event=event, groups=[GroupRef(COURSE)]
            )


def test_the_page_names_gaps_in_words(provider, teacher, login):
    enrol(provider)
    enrol(provider, group="HSC3A2")
    make_activity(provider, groups=[GroupRef(COURSE, GROUP)], values=["democracy"])
    page = login(teacher).get(PAGE).content.decode()
    assert "Covered (1)" in page
    assert "Gap" in page
    assert "No British values" in page  # HSC3A2 had none
    gaps_only = login(teacher).get(PAGE, {"show": "none"}).content.decode()
    assert "HSC3A2" in gaps_only
    assert f"Group {GROUP}" not in gaps_only


def test_an_unknown_term_is_an_error_and_this_term_is_shown(provider, teacher, login):
    response = login(teacher).get(PAGE, {"term": "2025-winter", "show": "everything"})
    assert response.status_code == 200
    assert "Choose an option from the list." in response.content.decode()
    assert response.context["term"] == current_term()


def test_the_leaders_see_the_findings_teachers_do_not(provider, teacher, governor, login):
    enrol(provider)
    assert "What needs attention" not in login(teacher).get(PAGE).content.decode()
    assert "What needs attention" in login(governor).get(PAGE).content.decode()


def test_the_page_counts_in_the_database(provider, teacher, login, django_assert_max_num_queries):
    for n in range(40):
        enrol(provider, group=f"G{n}")
    make_activity(provider, groups=[GroupRef(COURSE)])
    client = login(teacher)
    client.get(PAGE)
    with django_assert_max_num_queries(20):
        assert client.get(PAGE).status_code == 200


def test_summary_and_export(provider, teacher, login):
    enrol(provider, course="=cmd|' /C calc'!A0", group="X1")
    make_activity(
        provider, values=["democracy", "rule_of_law", "individual_liberty", "mutual_respect"]
    )
    summary = summarise(coverage(provider, current_term()))
    assert (summary.groups, summary.all_values, summary.no_values) == (2, 1, 1)
    response = login(teacher).get(reverse("curriculum:coverage_export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert "'=cmd" in text
    assert "Individual liberty" in text
    bad = login(teacher).get(reverse("curriculum:coverage_export", args=["csv"]), {"term": "x"})
    assert bad.status_code == 404


def test_an_activity_last_week_of_last_term_is_not_this_terms(provider):
    term = current_term()
    make_activity(provider, held_on=term.first_day - timedelta(days=1))
    assert rows_by_group(provider)[(COURSE, GROUP)].activities == 0
