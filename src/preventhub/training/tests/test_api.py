"""The training API: POST /training/courses, POST /training/records, GET /training/compliance —
their bad input (409 for duplicates, 422 for the rest) and who sees names."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from django.test import Client

from preventhub.accounts.roles import Role
from preventhub.people.choices import JobCategory
from preventhub.testing.factories import PersonFactory
from preventhub.training import schemas
from preventhub.training.choices import Mode, RecordSource, Status
from preventhub.training.models import Course, TrainingRecord
from preventhub.training.tests.helpers import days_ago, default_course, make_record, staff_member

pytestmark = pytest.mark.django_db
BASE = "/api/v1/training"


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}{path}", body, content_type="application/json")


def test_a_course_is_added_and_a_duplicate_title_is_a_conflict(
    api_client: Any, lead: Any, provider: Any
) -> None:
    client = api_client(lead)
    wrap = default_course(provider, "wrap")
    body = {
        "title": "Local context",
        "mode": "blended",
        "validity_months": 24,
        "counts_as": [str(wrap.pk)],
    }
    response = post(client, "/courses", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["mode"], made["validity_months"], made["counts_as"]) == (
        "blended",
        24,
        [str(wrap.pk)],
    )
    again = post(client, "/courses", {**body, "title": "LOCAL CONTEXT"})
    assert again.status_code == 409
    assert "already has a course called" in again.json()["detail"]
    assert Course.objects.for_provider(provider).filter(title__iexact="local context").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"title": "X", "mode": "webinar"},
        {"title": "", "mode": "online"},
        {"title": "X", "mode": "online", "validity_months": 0},
        {"title": "X", "mode": "online", "counts_as": ["00000000-0000-0000-0000-000000000000"]},
    ],
)
def test_bad_course_input_is_422(api_client: Any, lead: Any, provider: Any, body: Any) -> None:
    response = post(api_client(lead), "/courses", body)
    assert response.status_code == 422
    assert not Course.objects.for_provider(provider).filter(title="X").exists()


def test_a_record_is_made_by_person_id_or_email(api_client: Any, lead: Any, provider: Any) -> None:
    client = api_client(lead)
    course = default_course(provider)
    ann = staff_member(provider, email="Ann@College.example")
    body = {
        "person_id": str(ann.pk),
        "course_id": str(course.pk),
        "completed_on": days_ago(3).isoformat(),
    }
    response = post(client, "/records", {**body, "trainer": "Home Office"})
    assert response.status_code == 201, response.content
    assert response.json()["source"] == RecordSource.API
    by_email = post(
        client,
        "/records",
        {
            "email": "ann@college.EXAMPLE",
            "course_id": str(course.pk),
            "completed_on": days_ago(4).isoformat(),
        },
    )
    assert by_email.status_code == 201
    assert TrainingRecord.objects.for_provider(provider).filter(person=ann).count() == 2


def test_a_duplicate_record_is_a_conflict_and_changes_nothing(
    api_client: Any, lead: Any, provider: Any
) -> None:
    person = staff_member(provider)
    record = make_record(provider, person, on=days_ago(5))
    body = {
        "person_id": str(person.pk),
        "course_id": str(record.course_id),
        "completed_on": days_ago(5).isoformat(),
    }
    response = post(api_client(lead), "/records", body)
    assert response.status_code == 409
    assert "already has a record" in response.json()["detail"]
    assert TrainingRecord.objects.for_provider(provider).count() == 1


def test_bad_record_input_is_422(
    api_client: Any, lead: Any, provider: Any, other_provider: Any
) -> None:
    client = api_client(lead)
    course = default_course(provider)
    person = staff_member(provider)
    good = {
        "person_id": str(person.pk),
        "course_id": str(course.pk),
        "completed_on": days_ago(1).isoformat(),
    }
    learner: Any = PersonFactory(provider=provider)
    cases = [
        ({**good, "completed_on": days_ago(-1).isoformat()}, "cannot be in the future"),
        ({**good, "person_id": str(staff_member(other_provider).pk)}, "No such member of staff"),
        ({**good, "person_id": str(learner.pk)}, "is a learner"),
        ({**good, "course_id": str(default_course(other_provider).pk)}, "No such course"),
        ({"course_id": str(course.pk), "completed_on": days_ago(1).isoformat()}, "id or email"),
        ({**good, "completed_on": "yesterday"}, "date"),
    ]
    for body, message in cases:
        response = post(client, "/records", body)
        assert response.status_code == 422, body
        assert message in response.content.decode(), response.content
    assert not TrainingRecord.objects.for_provider(provider).exists()


def test_compliance_by_person_names_people_for_the_readers(
    api_client: Any, hr: Any, provider: Any
) -> None:
    person = staff_member(
        provider, first_name="Ann", last_name="Lee", preferred_name="", job_category="support"
    )
    make_record(provider, person)
    staff_member(provider, job_category="support")
    response = api_client(hr).get(f"{BASE}/compliance")
    assert response.status_code == 200
    body = response.json()
    assert body["by"] == "person"
    assert body["totals"]["people"] == 2
    assert body["totals"]["compliant"] == 1
    ann = next(p for p in body["people"] if p["name"] == "Ann Lee")
    assert ann["status"] == "compliant"
    assert ann["requirements"][0]["course"] == "Prevent awareness e-learning"
    never = api_client(hr).get(f"{BASE}/compliance?by=person&status=never_trained").json()
    assert [p["status"] for p in never["people"]] == ["never_trained"]
    assert api_client(hr).get(f"{BASE}/compliance?status=bogus").status_code == 422


def test_governors_and_inspectors_get_figures_without_names(
    api_client: Any, governor: Any, inspector: Any, provider: Any
) -> None:
    for _ in range(3):
        staff_member(provider, job_category="support")
    staff_member(provider, job_category="estates")
    for user in (governor, inspector):
        client = api_client(user)
        assert client.get(f"{BASE}/compliance?by=person").status_code == 403
        body = client.get(f"{BASE}/compliance").json()
        assert body["by"] == "role"
        assert body["people"] == []
        groups = {
            g["key"]: g for g in client.get(f"{BASE}/compliance?by=job_category").json()["groups"]
        }
        assert groups["support"]["counts"]["never_trained"] == 3
        assert groups["estates"] == {
            "key": "estates",
            "label": "Estates",
            "suppressed": True,
            "counts": None,
        }


def test_the_api_enumerations_match_the_choices() -> None:
    assert set(typing.get_args(schemas.ModeKey)) == set(Mode.values)
    assert set(typing.get_args(schemas.SourceKey)) == set(RecordSource.values)
    assert set(typing.get_args(schemas.StatusKey)) == set(Status.values)
    assert set(typing.get_args(schemas.JobCategoryKey)) == set(JobCategory.values)


def test_the_openapi_document_lists_the_enum_values(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    text = str(document)
    assert "/api/v1/training/compliance" in document["paths"]
    assert "never_trained" in text
    assert "face_to_face" in text


def test_a_staff_member_cannot_add_courses_or_records(
    api_client: Any, make_user: Any, provider: Any
) -> None:
    staff = make_user(provider, Role.STAFF)
    assert post(api_client(staff), "/courses", {"title": "X", "mode": "online"}).status_code == 403
    assert api_client(staff).get(f"{BASE}/compliance").status_code == 403
