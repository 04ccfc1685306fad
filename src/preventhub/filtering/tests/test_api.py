"""The filtering API: enumerations in the OpenAPI document, bad input as 422 naming the field,
duplicates 409, idempotent repeats 200, names only for those who decide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from preventhub.filtering import schemas
from preventhub.filtering.choices import (
    CheckResult,
    DecisionKind,
    RequestStatus,
    ResponsibilityKind,
    ReviewItem,
    Subject,
    TargetKind,
)
from preventhub.filtering.models import Decision, UnblockRequest
from preventhub.filtering.tests.helpers import address, device, online_risk, unblock_request
from preventhub.risk.models import RiskAction

pytestmark = pytest.mark.django_db
BASE = "/api/v1/filtering"


@pytest.mark.parametrize(
    ("literal", "choices"),
    [
        (schemas.ResponsibilityKindKey, ResponsibilityKind),
        (schemas.TargetKindKey, TargetKind),
        (schemas.DecisionKey, DecisionKind),
        (schemas.ReviewItemKey, ReviewItem),
        (schemas.CheckResultKey, CheckResult),
        (schemas.SubjectKey, Subject),
        (schemas.RequestStatusKey, RequestStatus),
    ],
)
def test_api_enumerations_match_the_choices(literal: Any, choices: Any) -> None:
    assert list(get_args(literal)) == list(choices.values)


def test_the_openapi_document_lists_the_enum_values(client: Any) -> None:
    text = str(client.get("/api/v1/openapi.json").json()["components"]["schemas"])
    assert "unblock_period" in text
    assert "public_services" in text


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(BASE + path, body, content_type="application/json")


def test_decisions_are_created_listed_and_repeated_safely(
    api_client: Any, it: Any, provider: Any
) -> None:
    client = api_client(it)
    body = {
        "target_kind": "domain", "target": "vpn-example.test", "decision": "block",
        "reason": "VPN used to bypass filtering.", "idempotency_key": "api-1",
    }  # fmt: skip
    first = post(client, "/decisions", body)
    assert first.status_code == 201, first.json()
    assert post(client, "/decisions", body).status_code == 200
    listed = client.get(BASE + "/decisions", {"decision": "block"}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["target"] == "vpn-example.test"
    bad = post(client, "/decisions", {**body, "idempotency_key": None, "decision": "allow"})
    assert bad.status_code == 422
    assert "review_on" in bad.json()["detail"]
    enum = post(client, "/decisions", {**body, "decision": "perhaps"})
    assert enum.status_code == 422
    assert client.get(BASE + "/decisions", {"date_from": "yesterday"}).status_code == 422
    assert Decision.objects.for_provider(provider).count() == 1


def test_a_review_with_actions_through_the_api(
    api_client: Any, it: Any, leader: Any, provider: Any
) -> None:
    risk = online_risk(provider)
    body = {
        "reviewed_on": timezone.localdate().isoformat(), "participants": ["Priya Patel (IT)"],
        "checklist": ["alerts", "training"], "findings": "Alerts go unread at weekends.",
        "item_notes": {"alerts": "Weekend rota needed."}, "risk_id": str(risk.pk),
        "actions": [{"title": "Weekend alert rota", "owner_id": it.pk,
                     "due_date": (timezone.localdate() + timedelta(days=14)).isoformat()}],
    }  # fmt: skip
    created = post(api_client(it), "/reviews", body)
    assert created.status_code == 201, created.json()
    review_id = created.json()["id"]
    assert RiskAction.objects.for_provider(provider).get().title == "Weekend alert rota"
    assert post(api_client(it), "/reviews", body).status_code == 409
    assert post(api_client(it), f"/reviews/{review_id}/sign-off", {}).status_code == 403
    signed = post(api_client(leader), f"/reviews/{review_id}/sign-off", {"note": "Agreed."})
    assert signed.json()["status"] == "signed_off"
    assert post(api_client(leader), f"/reviews/{review_id}/sign-off", {}).status_code == 409
    detail = api_client(it).get(f"{BASE}/reviews/{review_id}").json()
    assert detail["findings"] == "Alerts go unread at weekends."


def test_a_test_run_through_the_api(api_client: Any, it: Any, provider: Any) -> None:
    test_url = address(provider, it)
    body: dict[str, Any] = {
        "device_type_id": str(device(provider).pk),
        "run_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "checks": [{"test_url_id": str(test_url.pk), "result": "blocked"}],
    }
    created = post(api_client(it), "/tests/runs", body)
    assert created.status_code == 201, created.json()
    assert created.json()["checks"][0]["result"] == "blocked"
    future = {**body, "run_at": (timezone.now() + timedelta(days=1)).isoformat()}
    assert post(api_client(it), "/tests/runs", future).status_code == 422
    repeated = {**body, "checks": body["checks"] * 2}
    response = post(api_client(it), "/tests/runs", repeated)
    assert response.status_code == 422
    assert "repeated" in str(response.json())
    assert len(api_client(it).get(BASE + "/tests/runs").json()) == 1


def test_requests_through_the_api(
    api_client: Any, learner: Any, it: Any, governor: Any, provider: Any
) -> None:
    body = {"url": "politics-archive.example/manifestos", "subject": "politics", "reason": "Essay."}
    created = post(api_client(learner), "/unblock-requests", body)
    assert created.status_code == 201, created.json()
    assert post(api_client(learner), "/unblock-requests", body).status_code == 409
    unblock_request(provider)  # someone else's
    own = api_client(learner).get(BASE + "/unblock-requests").json()
    assert [r["domain"] for r in own] == ["politics-archive.example"]
    anonymous = api_client(governor).get(BASE + "/unblock-requests").json()
    assert len(anonymous) == 2
    assert all(r["requester"] is None for r in anonymous)
    request_id = created.json()["id"]
    bad = post(api_client(it), f"/unblock-requests/{request_id}/decision", {
        "decision": "approve", "reason": "ok",
    })  # fmt: skip
    assert bad.status_code == 422
    assert "until" in bad.json()["detail"]
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    ok = post(api_client(it), f"/unblock-requests/{request_id}/decision", {
        "decision": "approve", "reason": "For the essay.", "until": until,
    })  # fmt: skip
    assert ok.status_code == 200
    assert ok.json()["status"] == "approved"
    assert ok.json()["decision_id"] is not None
    again = post(api_client(it), f"/unblock-requests/{request_id}/decision", {
        "decision": "refuse", "reason": "No.",
    })  # fmt: skip
    assert again.status_code == 409
    assert UnblockRequest.objects.for_provider(provider).get(pk=request_id).status == "approved"


def test_responsibilities_through_the_api(api_client: Any, it: Any, leader: Any) -> None:
    client = api_client(it)
    today = timezone.localdate().isoformat()
    ok = post(
        client,
        "/responsibilities",
        {"kind": "senior_leader", "user_id": leader.pk, "from_date": today},
    )
    assert ok.status_code == 201
    assert (
        post(
            client,
            "/responsibilities",
            {"kind": "senior_leader", "user_id": 999999, "from_date": today},
        ).status_code
        == 422
    )
    named = client.get(BASE + "/responsibilities").json()
    assert named["senior_leader"]["name"] == "Helen Okafor"
    assert named["governor"] is None
    codes = {f["code"] for f in client.get(BASE + "/findings").json()}
    assert "no_governor" in codes
    assert "no_senior_leader" not in codes
