"""The activity log: logging a session through the page and the service, its bad input (a
date in the future, unknown kinds, values and topics, courses and groups not in the people
register), double submission, who may change what, removal and audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.curriculum.models import Activity, ActivityGroup
from preventhub.curriculum.services import GroupRef, activity_log
from preventhub.curriculum.tests.helpers import COURSE, GROUP, enrol, make_activity

pytestmark = pytest.mark.django_db
NEW = reverse("curriculum:activity_new")
LOG = reverse("curriculum:activities")


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": "page-key-1",
        "kind": "tutorial",
        "title": "Spotting fake news",
        "held_on": timezone.localdate().isoformat(),
        "course": COURSE,
        "groups": [GROUP],
        "values": ["democracy", "rule_of_law"],
        "topics": ["critical_media"],
        "summary": "Learners compared two reports of the same protest.",
    }
    data.update(overrides)
    return data


def activities(provider: Any) -> Any:
    return Activity.objects.for_provider(provider)


def test_a_teacher_logs_a_tutorial_for_their_group(provider, teacher, login):
    enrol(provider, 3)
    response = login(teacher).post(NEW, form())
    activity = activities(provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("curriculum:activity_detail", args=[activity.pk])
    assert activity.logged_by == teacher
    assert activity.values == ["democracy", "rule_of_law"]
    assert list(activity.groups.values_list("course", "group_name")) == [(COURSE, GROUP)]
    row = AuditEvent.objects.get(object_id=str(activity.pk), action="create")
    assert "summary" in row.changed_fields
    assert "fake" not in str(row.detail)  # names of fields only, never their values
    page = login(teacher).get(LOG)
    assert "Spotting fake news" in page.content.decode()


def test_the_summary_is_encrypted_at_rest(provider, teacher):
    activity = make_activity(provider, teacher, summary="A learner asked about the Brexit vote.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM curriculum_activity WHERE id = %s", [activity.pk.hex])
        stored = cursor.fetchone()
    if stored is None:  # PostgreSQL stores UUIDs natively
        with connection.cursor() as cursor:
            cursor.execute("SELECT summary FROM curriculum_activity WHERE id = %s", [activity.pk])
            stored = cursor.fetchone()
    assert "Brexit" not in stored[0]


def test_no_group_ticked_means_the_whole_course(provider, teacher, login):
    enrol(provider, 2, group="HSC3A2")
    login(teacher).post(NEW, form(groups=[], course=COURSE))
    assert list(
        ActivityGroup.objects.for_provider(provider).values_list("group_name", flat=True)
    ) == [""]


def test_every_learner(provider, teacher, login):
    login(teacher).post(NEW, form(course="*", groups=[]))
    activity = activities(provider).get()
    assert activity.all_learners
    assert not activity.groups.exists()


def test_showing_a_courses_groups_saves_nothing(provider, teacher, login):
    enrol(provider, 1, group="HSC3A2")
    response = login(teacher).post(NEW, form(choose_course="1", groups=[]))
    assert response.status_code == 200
    assert not activities(provider).exists()
    assert 'value="HSC3A2"' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": "2999-01-01"}, "held_on", "cannot be in the future"),
        ({"held_on": "31/02/2026"}, "held_on", "Enter a real date"),
        ({"kind": "assembly"}, "kind", "Choose an option from the list"),
        ({"kind": "external_speaker"}, "kind", "Choose an option from the list"),
        ({"values": ["freedom_of_speech"]}, "values", "Choose options from the list"),
        ({"topics": ["nonsense"]}, "topics", "Choose options from the list"),
        ({"values": [], "topics": []}, "values", "at least one British value or Prevent topic"),
        ({"course": "Level 9 Astrology"}, "course", "Choose an option from the list"),
        ({"groups": ["ZZZ9"]}, "groups", "Choose options from the list"),
        ({"title": ""}, "title", "Enter a title"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    provider, teacher, login, overrides, field, message
):
    enrol(provider)
    response = login(teacher).post(NEW, form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not activities(provider).exists()
    assert not AuditEvent.objects.filter(object_type="curriculum.activity").exists()


def service(provider: Any, actor: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "kind": "lesson",
        "title": "The rule of law",
        "held_on": timezone.localdate(),
        "values": ["rule_of_law"],
        "groups": [GroupRef(COURSE, GROUP)],
    }
    fields.update(overrides)
    return activity_log(actor=actor, provider=provider, **fields)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": timezone.localdate() + timedelta(days=1)}, "cannot be in the future"),
        ({"held_on": "2026-01-01"}, "Enter the date it took place"),
        ({"kind": "assembly"}, "Unknown kind of activity: assembly"),
        ({"kind": "external_speaker"}, "come from the speaker register"),
        ({"values": ["democracy", "tolerance"]}, "Unknown British value: tolerance"),
        ({"topics": ["gaming"]}, "Unknown Prevent topic: gaming"),
        ({"groups": [GroupRef("Level 9 Astrology")]}, "No learner in the people register"),
        ({"groups": [GroupRef(COURSE, "NOPE")]}, "has no group 'NOPE'"),
        ({"groups": []}, "Choose the course or groups"),
        ({"all_learners": True}, "either every learner or particular"),
    ],
)
def test_the_service_refuses_bad_input(provider, teacher, overrides, message):
    enrol(provider)
    with pytest.raises(ValidationError, match=message):
        service(provider, teacher, **overrides)
    assert not activities(provider).exists()


def test_register_spelling_is_kept(provider, teacher):
    enrol(provider)
    logged = service(provider, teacher, groups=[GroupRef(COURSE.upper(), GROUP.lower())])
    group = logged.activity.groups.get()
    assert (group.course, group.group_name) == (COURSE, GROUP)


def test_a_double_submission_makes_one_activity(provider, teacher, login):
    enrol(provider)
    first = login(teacher).post(NEW, form())
    second = login(teacher).post(NEW, form())
    assert activities(provider).count() == 1
    assert first["Location"] == second["Location"]


def test_a_teacher_cannot_change_anothers_activity(provider, teacher, login):
    activity = make_activity(provider)
    edit = reverse("curriculum:activity_edit", args=[activity.pk])
    assert login(teacher).get(edit).status_code == 403
    assert (
        login(teacher).post(reverse("curriculum:activity_remove", args=[activity.pk])).status_code
        == 403
    )
    assert activities(provider).exists()


def test_a_teacher_changes_their_own(provider, teacher, login):
    activity = make_activity(provider, teacher)
    edit = reverse("curriculum:activity_edit", args=[activity.pk])
    response = login(teacher).post(
        edit, form(title="Votes at 16: the follow-up", values=["democracy"])
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Votes at 16: the follow-up"
    row = AuditEvent.objects.get(object_id=str(activity.pk), action="update")
    assert set(row.changed_fields) >= {"title", "topics", "summary"}


def test_the_lead_removes_any_activity(provider, curriculum_lead, login):
    activity = make_activity(provider)
    remove = reverse("curriculum:activity_remove", args=[activity.pk])
    assert login(curriculum_lead).get(remove).status_code == 200
    assert login(curriculum_lead).post(remove).status_code == 302
    assert not activities(provider).exists()
    assert AuditEvent.objects.filter(object_id=str(activity.pk), action="delete").exists()


def test_reading_a_summary_is_audited(provider, governor, login):
    activity = make_activity(provider)
    response = login(governor).get(reverse("curriculum:activity_detail", args=[activity.pk]))
    assert "Learners argued both sides." in response.content.decode()
    assert AuditEvent.objects.filter(object_id=str(activity.pk), action="view").count() == 1


def test_the_log_filters_and_rejects_unknown_filters(provider, teacher, login):
    make_activity(provider, teacher, title="Mine")
    make_activity(provider, title="Someone else's", kind="lesson")
    client = login(teacher)
    mine = client.get(LOG, {"mine": "yes"}).content.decode()
    assert "Mine" in mine
    assert "Someone else" not in mine
    lessons = client.get(LOG, {"kind": "lesson"}).content.decode()
    assert "Someone else" in lessons
    assert "Mine</a>" not in lessons
    bad = client.get(LOG, {"kind": "assembly", "term": "2025-winter"})
    assert bad.status_code == 200
    assert "Choose an option from the list." in bad.content.decode()


def test_the_log_lists_activities_in_few_queries(
    provider, teacher, login, django_assert_max_num_queries
):
    for n in range(12):
        make_activity(provider, teacher, title=f"Session {n}")
    client = login(teacher)
    client.get(LOG)
    with django_assert_max_num_queries(22):
        response = client.get(LOG)
    assert "Session 11" in response.content.decode()


def test_the_log_downloads_as_csv_and_xlsx(provider, teacher, login):
    make_activity(provider, teacher, title='=HYPERLINK("http://evil")')
    client = login(teacher)
    csv = client.get(reverse("curriculum:activity_export", args=["csv"]))
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "Learners argued" not in text  # no encrypted text in exports
    xlsx = client.get(reverse("curriculum:activity_export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        AuditEvent.objects.filter(action="export", object_type="curriculum.activity").count() == 2
    )
    assert client.get(reverse("curriculum:activity_export", args=["pdf"])).status_code == 404
