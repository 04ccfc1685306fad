"""The curriculum API: log activities (idempotent), read the log, coverage, employers, surveys
and findings; bad input answers 422 with the field, never 500; enum values in OpenAPI."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from preventhub.curriculum import choices, schemas
from preventhub.curriculum.models import Activity, EmployerCommunication
from preventhub.curriculum.tests.helpers import (
    COURSE,
    EMPLOYER,
    GROUP,
    enrol,
    make_activity,
    make_survey,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/curriculum"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "apprentice_review",
        "title": "Review: British values at work",
        "held_on": timezone.localdate().isoformat(),
        "values": ["mutual_respect"],
        "topics": ["getting_help"],
        "groups": [{"course": COURSE, "group": GROUP}],
        "idempotency_key": "api-key-1",
    }
    data.update(overrides)
    return data


def test_log_an_activity_once(provider, teacher, api_client):
    enrol(provider)
    client = api_client(teacher)
    first = client.post(f"{BASE}/activities", body(), content_type="application/json")
    again = client.post(f"{BASE}/activities", body(), content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["groups"] == [{"course": COURSE, "group": GROUP}]
    assert Activity.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"kind": "assembly"}, 422),
        ({"kind": "external_speaker"}, 422),
        ({"values": ["tolerance"]}, 422),
        ({"topics": ["gaming"]}, 422),
        ({"held_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, 422),
        ({"held_on": "2026-02-30"}, 422),
        ({"groups": [{"course": "Level 9 Astrology", "group": ""}]}, 422),
        ({"groups": [{"course": COURSE, "group": "NOPE"}]}, 422),
        ({"groups": [], "all_learners": False}, 422),
        ({"values": [], "topics": []}, 422),
    ],
)
def test_bad_input_answers_422_and_changes_nothing(
    provider, teacher, api_client, overrides, status
):
    enrol(provider)
    response = api_client(teacher).post(
        f"{BASE}/activities", body(**overrides), content_type="application/json"
    )
    assert response.status_code == status
    assert "detail" in response.json()
    assert not Activity.objects.for_provider(provider).exists()


def test_the_log_and_its_filters(provider, teacher, api_client):
    make_activity(provider, teacher)
    client = api_client(teacher)
    data = client.get(f"{BASE}/activities").json()
    assert data["count"] == 1
    assert data["results"][0]["values"] == ["democracy"]
    assert client.get(f"{BASE}/activities", {"term": "any", "kind": "lesson"}).json()["count"] == 0
    assert client.get(f"{BASE}/activities", {"term": "2025-winter"}).status_code == 422
    assert client.get(f"{BASE}/activities", {"kind": "assembly"}).status_code == 422
    assert client.get(f"{BASE}/activities", {"page": 0}).status_code == 422


def test_coverage(provider, governor, api_client):
    make_activity(provider)
    data = api_client(governor).get(f"{BASE}/coverage").json()
    assert data["groups"] == 1
    row = data["rows"][0]
    assert (row["status"], row["values"]) == ("some", {"democracy": 1})
    assert row["gaps"] == ["rule_of_law", "individual_liberty", "mutual_respect"]
    assert api_client(governor).get(f"{BASE}/coverage", {"term": "autumn"}).status_code == 422


def test_employers_and_communications(provider, curriculum_lead, api_client):
    enrol(provider, employer=EMPLOYER, course="Care apprenticeship", group="")
    client = api_client(curriculum_lead)
    assert client.get(f"{BASE}/employers").json()[0]["informed_in_last_12_months"] is False
    payload = {
        "employer": EMPLOYER,
        "communicated_on": timezone.localdate().isoformat(),
        "method": "letter",
        "topics": ["prevent_duty"],
        "idempotency_key": "k1",
    }
    assert (
        client.post(
            f"{BASE}/employer-communications", payload, content_type="application/json"
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{BASE}/employer-communications", payload, content_type="application/json"
        ).status_code
        == 200
    )
    assert EmployerCommunication.objects.for_provider(provider).count() == 1
    bads: list[dict[str, Any]] = [
        {"employer": "Nobody Ltd"},
        {"method": "fax"},
        {"topics": []},
        {"communicated_on": "2999-01-01"},
    ]
    for bad in bads:
        response = client.post(
            f"{BASE}/employer-communications", {**payload, "idempotency_key": None, **bad},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 422, bad
    assert client.get(f"{BASE}/employers").json()[0]["informed_in_last_12_months"] is True


def test_another_providers_survey_answers_404(
    provider, other_provider, curriculum_lead, api_client
):
    theirs = make_survey(other_provider)
    client = api_client(curriculum_lead)
    assert client.get(f"{BASE}/surveys/{theirs.pk}/results").status_code == 404
    assert client.get(f"{BASE}/surveys/not-a-uuid/results").status_code == 422


def test_findings(provider, governor, api_client):
    enrol(provider)
    codes = {f["code"] for f in api_client(governor).get(f"{BASE}/findings").json()}
    assert {"groups_without_british_values", "no_learner_voice_survey"} <= codes


def test_openapi_lists_every_enum_value(client, db):
    assert set(get_args(schemas.ActivityKindKey)) == set(choices.ActivityKind.values)
    assert set(get_args(schemas.LoggedKindKey)) == set(map(str, choices.LOGGED_KINDS))
    assert set(get_args(schemas.BritishValueKey)) == set(choices.BritishValue.values)
    assert set(get_args(schemas.PreventTopicKey)) == set(choices.PreventTopic.values)
    assert set(get_args(schemas.MethodKey)) == set(choices.CommunicationMethod.values)
    assert set(get_args(schemas.CommunicationTopicKey)) == set(choices.CommunicationTopic.values)
    assert set(get_args(schemas.SurveyStateKey)) == set(choices.SurveyStatus.values)
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/curriculum/activities" in document["paths"]
    assert "conspiracy" in str(document["components"]["schemas"]["ActivityIn"])
