"""The policies API: enums match the choices, creating (201/409/422), the document upload and
its detection, what staff see, the findings."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preventhub.accounts.roles import Role
from preventhub.policies import schemas
from preventhub.policies.choices import PolicyStatus, PolicyType, PreventAnswer
from preventhub.policies.models import Policy
from preventhub.policies.tests.helpers import days, make_policy

BASE = "/api/v1/policies"


def post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(BASE, json.dumps(body), content_type="application/json")


@pytest.fixture
def leader(make_user: Any, provider: Any, api_client: Any) -> Any:
    return api_client(make_user(provider, Role.SENIOR_LEADER))


def test_literals_match_the_choices() -> None:
    assert set(get_args(schemas.PolicyTypeKey)) == set(PolicyType.values)
    assert set(get_args(schemas.PolicyStatusKey)) == set(PolicyStatus.values)
    assert set(get_args(schemas.PreventAnswerKey)) == set(PreventAnswer.values)


def test_create_a_policy(leader: Any, provider: Any, staff: Any) -> None:
    body = {
        "policy_type": "it_acceptable_use",
        "title": "IT acceptable use",
        "version": "1.0",
        "owner_id": staff.pk,
        "status": "published",
        "approved_on": days(-3).isoformat(),
        "review_on": days(360).isoformat(),
    }
    made = post(leader, body)
    assert made.status_code == 201
    assert made.json()["owner_id"] == staff.pk
    assert made.json()["refers_effectively"] is False
    assert post(leader, body).status_code == 409


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"policy_type": "parking"}, "policy_type"),
        ({"review_on": "2020-01-01", "approved_on": "2020-06-01"}, "on or after"),
        ({"owner_id": 999999}, "works here"),
        ({"approved_on": "not a date"}, "approved_on"),
    ],
)
def test_bad_input_answers_422(
    leader: Any, provider: Any, change: dict[str, Any], text: str
) -> None:
    body = {"policy_type": "complaints", "title": "Complaints", "version": "1", **change}
    response = post(leader, body)
    assert response.status_code == 422
    assert text in json.dumps(response.json())
    assert not Policy.objects.for_provider(provider).exists()


def test_an_owner_of_another_provider_answers_422(leader: Any, outsider: Any) -> None:
    body = {"policy_type": "complaints", "title": "C", "version": "1", "owner_id": outsider.pk}
    assert post(leader, body).status_code == 422


def test_upload_reads_the_document(leader: Any, provider: Any) -> None:
    policy = make_policy(provider)
    url = f"{BASE}/{policy.pk}/document"
    text = SimpleUploadedFile("p.txt", b"This policy meets the Prevent duty.")
    response = leader.post(url, {"file": text})
    assert response.status_code == 200
    assert response.json()["prevent_detected"] is True
    assert response.json()["detected_terms"] == ["Prevent duty", "Prevent"]
    huge = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    too_big = leader.post(url, {"file": huge})
    assert too_big.status_code == 422
    assert "larger than 20 MB" in json.dumps(too_big.json())


def test_staff_list_published_policies_only(api_client: Any, staff: Any, provider: Any) -> None:
    make_policy(provider)
    make_policy(provider, title="Draft", status="draft", approved_on=None, review_on=None)
    client = api_client(staff)
    listed = client.get(BASE).json()
    assert [p["title"] for p in listed["results"]] == ["Safeguarding and child protection policy"]
    assert client.get(f"{BASE}/findings").status_code == 403
    assert client.get(BASE, {"review": "someday"}).status_code == 422


def test_findings(leader: Any, provider: Any) -> None:
    response = leader.get(f"{BASE}/findings").json()
    assert response["count"] == 8
    assert {f["code"] for f in response["findings"]} == {"missing_policy_type"}
