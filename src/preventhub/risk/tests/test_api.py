"""The risk API contract (PRODUCT.md): POST /risks, POST /risks/{id}/actions, the quality check,
plus the register list and one risk; every bad input is a JSON error that changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.risk import schemas
from preventhub.risk.choices import ActionStatus, Area, Band, Source
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.tests.factories import LOCAL_DESCRIPTION, make_action, make_risk

pytestmark = pytest.mark.django_db
RISKS = "/api/v1/risks"
QUALITY = "/api/v1/risk-assessment/quality"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "area": "premises",
        "title": "Unmonitored prayer room",
        "description": LOCAL_DESCRIPTION,
        "likelihood": 3,
        "impact": 4,
    }
    data.update(overrides)
    return data


def post(client: Any, url: str, data: Any) -> Any:
    raw = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(url, raw, content_type="application/json")


def test_enumerations_match_the_model_choices() -> None:
    assert set(get_args(schemas.AreaKey)) == set(Area.values)
    assert set(get_args(schemas.SourceKey)) == set(Source.values)
    assert set(get_args(schemas.ActionStatusKey)) == set(ActionStatus.values)
    assert set(get_args(schemas.BandKey)) == set(Band.values)


def test_the_openapi_document_lists_the_areas(api_client: Any, dsl: Any) -> None:
    document = api_client(dsl).get("/api/v1/openapi.json").json()
    schema = document["components"]["schemas"]["RiskIn"]["properties"]["area"]
    assert set(schema["enum"]) == set(Area.values)


def test_post_risk_answers_201_with_the_risk(api_client: Any, dsl: Any, provider: Any) -> None:
    response = post(api_client(dsl), RISKS, body(residual_likelihood=2, residual_impact=2))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["area"] == "premises"
    assert (data["inherent_score"], data["inherent_band"]) == (12, "high")
    assert (data["residual_score"], data["residual_band"]) == (4, "low")
    assert data["actions"] == []
    assert Risk.objects.for_provider(provider).get(pk=data["id"]).title == data["title"]
    assert AuditEvent.objects.filter(object_id=data["id"], action="create").count() == 1


def test_post_risk_with_an_owner_and_review_date(
    api_client: Any, dsl: Any, make_user: Any, provider: Any
) -> None:
    owner = make_user(provider, Role.SENIOR_LEADER)
    review = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = post(api_client(dsl), RISKS, body(owner_id=owner.pk, review_on=review))
    assert response.status_code == 201, response.content
    assert response.json()["owner_id"] == owner.pk
    assert response.json()["review_on"] == review


@pytest.mark.parametrize(
    "override",
    [
        {"likelihood": 0},
        {"likelihood": 6},
        {"impact": 0},
        {"impact": 6},
        {"likelihood": "high"},
        {"area": "weather"},
        {"area": None},
        {"title": ""},
        {"description": ""},
        {"description": "x" * 10_001},
        {"residual_likelihood": 2},
        {"residual_likelihood": 5, "residual_impact": 1},
        {"sources": ["gossip"]},
        {"review_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
        {"review_on": "next Tuesday"},
        {"owner_id": 999_999},
    ],
)
def test_bad_risks_answer_422_as_json_and_change_nothing(
    api_client: Any, dsl: Any, provider: Any, override: dict[str, Any]
) -> None:
    response = post(api_client(dsl), RISKS, body(**override))
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert not Risk.objects.for_provider(provider).exists()


def test_missing_fields_and_malformed_json_are_refused(
    api_client: Any, dsl: Any, provider: Any
) -> None:
    client = api_client(dsl)
    data = body()
    del data["likelihood"]
    assert post(client, RISKS, data).status_code == 422
    assert post(client, RISKS, '{"area": "premises", "title": ').status_code in (400, 422)
    assert post(client, RISKS, b"\xff\xfe\x00").status_code in (400, 422)
    assert post(client, RISKS, "[]").status_code in (400, 422)
    assert not Risk.objects.for_provider(provider).exists()


def test_an_owner_from_another_provider_is_422_naming_the_field(
    api_client: Any, dsl: Any, outsider: Any, provider: Any
) -> None:
    response = post(api_client(dsl), RISKS, body(owner_id=outsider.pk))
    assert response.status_code == 422
    assert "owner_id" in response.json()["detail"]


def test_the_same_risk_twice_answers_409(api_client: Any, dsl: Any, provider: Any) -> None:
    client = api_client(dsl)
    assert post(client, RISKS, body()).status_code == 201
    response = post(client, RISKS, body(title="UNMONITORED prayer room"))
    assert response.status_code == 409
    assert "already" in response.json()["detail"]
    assert Risk.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.INSPECTOR, Role.STAFF, Role.ADMIN])
def test_roles_that_may_not_edit_get_403(
    api_client: Any, make_user: Any, provider: Any, role: str
) -> None:
    response = post(api_client(make_user(provider, role)), RISKS, body())
    assert response.status_code == 403
    assert not Risk.objects.for_provider(provider).exists()


def test_post_action_with_a_username_owner(
    api_client: Any, dsl: Any, make_user: Any, provider: Any
) -> None:
    risk = make_risk(provider)
    owner = make_user(provider, Role.ESTATES, username="estates-lead")
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = post(
        api_client(dsl),
        f"{RISKS}/{risk.pk}/actions",
        {"title": "Sign-in sheet", "owner": "ESTATES-lead", "due_date": due,
         "impact_measure": "Every use logged"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["owner_id"], data["due_date"], data["status"]) == (owner.pk, due, "not_started")
    assert data["risk_id"] == str(risk.pk)


def test_post_action_with_a_user_id_owner(
    api_client: Any, dsl: Any, make_user: Any, provider: Any
) -> None:
    risk = make_risk(provider)
    owner = make_user(provider, Role.STAFF)
    response = post(
        api_client(dsl), f"{RISKS}/{risk.pk}/actions", {"title": "Talk", "owner": owner.pk}
    )
    assert response.status_code == 201
    assert response.json()["owner_id"] == owner.pk


def test_an_action_without_impact_measure_is_allowed_and_flagged(
    api_client: Any, dsl: Any, provider: Any
) -> None:
    risk = make_risk(provider)
    client = api_client(dsl)
    response = post(client, f"{RISKS}/{risk.pk}/actions", {"title": "Do something"})
    assert response.status_code == 201
    findings = client.get(QUALITY).json()
    ours = [f for f in findings if "Do something" in f["message"]]
    assert {f["code"] for f in ours} == {
        "action_without_owner",
        "action_without_due_date",
        "action_without_impact_measure",
    }
    assert {f["area"] for f in ours} == {risk.area}


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"title": "Late", "due_date": "2001-01-01"}, 422),
        ({"title": "Late", "due_date": "31/02/2030"}, 422),
        ({"title": ""}, 422),
        ({"title": "x", "owner": "nobody-here"}, 422),
        ({"title": "x", "owner": 999_999}, 422),
        ({"title": "x", "owner": ["a"]}, 422),
        ({"owner": "dsl"}, 422),
    ],
)
def test_bad_actions_answer_422_and_change_nothing(
    api_client: Any, dsl: Any, provider: Any, data: dict[str, Any], status: int
) -> None:
    risk = make_risk(provider)
    response = post(api_client(dsl), f"{RISKS}/{risk.pk}/actions", data)
    assert response.status_code == status, response.content
    assert "detail" in response.json()
    assert not RiskAction.objects.for_provider(provider).exists()


def test_an_action_owner_from_another_provider_is_422(
    api_client: Any, dsl: Any, outsider: Any, provider: Any
) -> None:
    risk = make_risk(provider)
    client = api_client(dsl)
    for owner in (outsider.pk, outsider.username):
        response = post(client, f"{RISKS}/{risk.pk}/actions", {"title": "x", "owner": owner})
        assert response.status_code == 422
        assert "owner" in response.json()["detail"]
    assert not RiskAction.objects.for_provider(provider).exists()


def test_the_same_action_twice_answers_409(api_client: Any, dsl: Any, provider: Any) -> None:
    risk = make_risk(provider)
    client = api_client(dsl)
    assert post(client, f"{RISKS}/{risk.pk}/actions", {"title": "Walk"}).status_code == 201
    assert post(client, f"{RISKS}/{risk.pk}/actions", {"title": "walk"}).status_code == 409


def test_another_providers_risk_answers_404(api_client: Any, outsider: Any, provider: Any) -> None:
    risk = make_risk(provider)
    client = api_client(outsider)
    assert post(client, f"{RISKS}/{risk.pk}/actions", {"title": "x"}).status_code == 404
    assert client.get(f"{RISKS}/{risk.pk}").status_code == 404
    assert client.get(f"{RISKS}/not-a-uuid").status_code in (404, 422)
    assert not RiskAction.objects.for_provider(provider).exists()


def test_quality_lists_code_area_message(api_client: Any, make_user: Any, provider: Any) -> None:
    governor = make_user(provider, Role.GOVERNOR)
    response = api_client(governor).get(QUALITY)
    assert response.status_code == 200
    findings = response.json()
    assert all({"code", "area", "message", "why"} <= set(f) for f in findings)
    areas = {f["area"] for f in findings if f["code"] == "area_without_risk"}
    assert areas == set(Area.values)
    assert any(f["area"] is None for f in findings)  # e.g. never signed off


def test_the_register_filters_like_the_page(api_client: Any, dsl: Any, provider: Any) -> None:
    make_risk(provider, title="High one", likelihood=4, impact=4)
    low = make_risk(provider, title="Low one", area="online", likelihood=1, impact=2)
    make_action(low)
    client = api_client(dsl)
    assert client.get(RISKS).json()["count"] == 2
    high = client.get(RISKS, {"band": "high"}).json()
    assert [r["title"] for r in high["results"]] == ["High one"]
    cell = client.get(RISKS, {"likelihood": 1, "impact": 2}).json()
    assert [r["title"] for r in cell["results"]] == ["Low one"]
    assert cell["results"][0]["actions"][0]["title"]
    none = client.get(RISKS, {"actions": "none"}).json()
    assert [r["title"] for r in none["results"]] == ["High one"]
    assert client.get(RISKS, {"area": "weather"}).status_code == 422
    assert client.get(RISKS, {"likelihood": 9}).status_code == 422
    assert client.get(RISKS, {"page": 0}).status_code == 422


def test_one_risk_with_its_actions(api_client: Any, make_user: Any, provider: Any) -> None:
    risk = make_risk(provider)
    make_action(risk)
    inspector = make_user(provider, Role.INSPECTOR)
    data = api_client(inspector).get(f"{RISKS}/{risk.pk}").json()
    assert data["id"] == str(risk.pk)
    assert len(data["actions"]) == 1
