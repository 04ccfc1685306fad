"""The concerns API contract (PRODUCT.md): raise, list, read, decide, chronology."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns import schemas
from preventhub.concerns.choices import (
    INDICATORS,
    Category,
    Decision,
    EntryKind,
    Ideology,
    Status,
    SubjectType,
)
from preventhub.concerns.models import Concern
from preventhub.testing.factories import make_concern

pytestmark = pytest.mark.django_db
CONCERNS = "/api/v1/concerns"


def body(**overrides: Any) -> dict[str, Any]:
    data = {
        "subject_type": "learner",
        "subject_name": "Jo Bloggs",
        "category": "prevent",
        "ideology": "extreme_right_wing",
        "indicators": ["extremist_language", "social_circles"],
        "description": "Shared a video praising an attacker in the group chat.",
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "location": "Library",
        "immediate_risk": False,
    }
    data.update(overrides)
    return data


def post(client: Any, data: Any, **extra: Any) -> Any:
    raw = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(CONCERNS, raw, content_type="application/json", **extra)


def test_enumerations_match_the_model_choices() -> None:
    assert set(get_args(schemas.SubjectTypeKey)) == set(SubjectType.values)
    assert set(get_args(schemas.CategoryKey)) == set(Category.values)
    assert set(get_args(schemas.IdeologyKey)) == set(Ideology.values)
    assert set(get_args(schemas.IndicatorKey)) == set(INDICATORS)
    assert set(get_args(schemas.StatusKey)) == set(Status.values)
    assert set(get_args(schemas.DecisionKey)) == set(Decision.values)
    assert set(get_args(schemas.EntryKindKey)) == set(EntryKind.values)


def test_raise_answers_201_with_id_reference_and_status(api_client: Any, staff: Any) -> None:
    response = post(api_client(staff), body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {"id", "reference", "status"}
    assert data["status"] == "new"
    concern = Concern.unscoped.get(pk=data["id"])
    assert concern.reference == data["reference"]
    assert AuditEvent.objects.filter(object_id=data["id"], action="create").count() == 1


def test_learners_can_raise_a_concern(api_client: Any, make_user: Any, provider: Any) -> None:
    learner = make_user(provider, Role.LEARNER)
    assert post(api_client(learner), body(subject_type="other")).status_code == 201


def test_inspectors_cannot_raise(api_client: Any, make_user: Any, provider: Any) -> None:
    inspector = make_user(provider, Role.INSPECTOR)
    assert post(api_client(inspector), body()).status_code == 403


@pytest.mark.parametrize(
    ("override", "status"),
    [
        ({"description": ""}, 422),
        ({"description": "    "}, 422),
        ({"description": "x" * 1_000_000}, 422),
        ({"subject_type": "alien"}, 422),
        ({"category": "weather"}, 422),
        ({"indicators": ["telepathy"]}, 422),
        ({"occurred_at": "yesterday-ish"}, 422),
        ({"occurred_at": (timezone.now() + timedelta(days=1)).isoformat()}, 422),
        ({"category": "neglect", "ideology": "islamist"}, 422),
    ],
)
def test_bad_input_is_refused_as_json_and_changes_nothing(
    api_client: Any, staff: Any, provider: Any, override: dict[str, Any], status: int
) -> None:
    data = body(**override)
    response = post(api_client(staff), data)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert not Concern.objects.for_provider(provider).exists()


def test_missing_fields_and_non_json_bodies_are_refused(
    api_client: Any, staff: Any, provider: Any
) -> None:
    client = api_client(staff)
    data = body()
    del data["description"]
    assert post(client, data).status_code == 422
    assert post(client, "not json at all").status_code in (400, 422)
    assert post(client, b"\xff\xfe\x00").status_code in (400, 422)
    assert not Concern.objects.for_provider(provider).exists()


def test_a_repeated_idempotency_key_makes_one_concern(
    api_client: Any, staff: Any, provider: Any
) -> None:
    client = api_client(staff)
    first = post(client, body(), HTTP_IDEMPOTENCY_KEY="submit-1")
    again = post(client, body(), HTTP_IDEMPOTENCY_KEY="submit-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    in_body = post(client, body(idempotency_key="submit-2"))
    in_body_again = post(client, body(idempotency_key="submit-2"))
    assert in_body.json()["id"] == in_body_again.json()["id"]
    assert Concern.objects.for_provider(provider).count() == 2


def test_a_reporter_lists_only_their_own_concerns_without_content(
    api_client: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    mine = make_concern(provider, staff)
    make_concern(provider, make_user(provider, Role.STAFF))
    response = api_client(staff).get(CONCERNS)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == str(mine.pk)
    assert row["subject_name"] is None
    assert row["category"] is None
    assert row["latest_decision"] is None
    assert "Said things" not in response.content.decode()


def test_a_reporter_sees_status_only_and_nobody_else_sees_their_concern(
    api_client: Any, staff: Any, make_user: Any, provider: Any, dsl: Any
) -> None:
    concern = make_concern(provider, staff)
    from preventhub.concerns.services import concern_decide

    concern_decide(actor=dsl, concern=concern, decision="monitor", rationale="Keep an eye.")
    response = api_client(staff).get(f"{CONCERNS}/{concern.pk}")
    assert response.status_code == 200
    assert set(response.json()) == {"id", "reference", "status", "created_at", "acknowledged"}
    assert "monitor" not in response.content.decode()
    colleague = make_user(provider, Role.STAFF)
    assert api_client(colleague).get(f"{CONCERNS}/{concern.pk}").status_code == 404
    assert api_client(staff).get(f"{CONCERNS}/{concern.pk}/chronology").status_code == 403


def test_the_team_reads_the_concern_and_every_read_is_audited(
    api_client: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    before = AuditEvent.objects.filter(object_id=str(concern.pk), action="view").count()
    response = api_client(dsl).get(f"{CONCERNS}/{concern.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["description"] == "Said things in class that worried me."
    assert data["indicators"] == ["extremist_language"]
    after = AuditEvent.objects.filter(object_id=str(concern.pk), action="view").count()
    assert after == before + 1


def test_admin_and_hr_do_not_read_concerns_about_learners(
    api_client: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    for role in (Role.ADMIN, Role.HR, Role.SENIOR_LEADER, Role.GOVERNOR):
        user = make_user(provider, role)
        assert api_client(user).get(f"{CONCERNS}/{concern.pk}").status_code == 404, role
        listed = api_client(user).get(CONCERNS).json()
        assert listed["count"] == 0, role


def test_hr_reads_concerns_about_staff_but_cannot_decide(
    api_client: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff, subject_type="staff", category="other", ideology="")
    hr = make_user(provider, Role.HR)
    client = api_client(hr)
    assert client.get(f"{CONCERNS}/{concern.pk}").status_code == 200
    assert client.get(f"{CONCERNS}/{concern.pk}/chronology").status_code == 200
    decision = {"decision": "monitor", "rationale": "x"}
    response = client.post(
        f"{CONCERNS}/{concern.pk}/decision", json.dumps(decision), content_type="application/json"
    )
    assert response.status_code == 403


def test_another_providers_concern_answers_404(
    api_client: Any, staff: Any, provider: Any, outsider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = api_client(outsider)
    assert client.get(f"{CONCERNS}/{concern.pk}").status_code == 404
    assert client.get(f"{CONCERNS}/{concern.pk}/chronology").status_code == 404
    decision = json.dumps({"decision": "monitor", "rationale": "x"})
    response = client.post(
        f"{CONCERNS}/{concern.pk}/decision", decision, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get(f"{CONCERNS}/not-a-uuid").status_code in (404, 422)


def decide(client: Any, concern: Any, **data: Any) -> Any:
    return client.post(
        f"{CONCERNS}/{concern.pk}/decision", json.dumps(data), content_type="application/json"
    )


def test_decisions_need_a_rationale_and_a_closed_case_refuses_them(
    api_client: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = api_client(dsl)
    assert decide(client, concern, decision="monitor").status_code == 422
    assert decide(client, concern, decision="monitor", rationale="   ").status_code == 422
    assert decide(client, concern, decision="arrest", rationale="x").status_code == 422
    response = decide(
        client,
        concern,
        decision="no_further_action",
        rationale="The video was a news report, discussed in class.",
        informed="Reporter, in person",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["concern"]["status"] == "closed"
    assert data["entry"]["decision"] == "no_further_action"
    assert data["entry"]["informed"] == "Reporter, in person"
    closed = decide(client, concern, decision="channel", rationale="More came up.")
    assert closed.status_code == 409
    assert "closed" in closed.json()["detail"]


def test_the_chronology_lists_decisions_in_time_order(
    api_client: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = api_client(dsl)
    decide(client, concern, decision="monitor", rationale="Watch for two weeks.")
    decide(client, concern, decision="police_prevent", rationale="Threats repeated.")
    response = client.get(f"{CONCERNS}/{concern.pk}/chronology")
    assert response.status_code == 200
    entries = response.json()
    assert [e["kind"] for e in entries] == ["raised", "decision", "decision"]
    assert [e["decision"] for e in entries[1:]] == ["monitor", "police_prevent"]


def test_openapi_lists_the_concern_operations_and_enums(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert "post" in paths["/api/v1/concerns"]
    assert "get" in paths["/api/v1/concerns"]
    assert "get" in paths["/api/v1/concerns/{concern_id}"]
    assert "post" in paths["/api/v1/concerns/{concern_id}/decision"]
    assert "get" in paths["/api/v1/concerns/{concern_id}/chronology"]
    text = json.dumps(doc)
    for value in ("police_prevent", "channel", "extreme_right_wing", "visitor"):
        assert value in text
