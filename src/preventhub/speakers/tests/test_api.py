"""The speakers API contract (PRODUCT.md): request, checks, decision, outcome, register."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.speakers import schemas
from preventhub.speakers.choices import (
    Audience,
    BritishValue,
    CheckKind,
    CheckOutcome,
    Condition,
    Consent,
    Decision,
    RequestKind,
    RiskLevel,
    Status,
)
from preventhub.speakers.models import Check, EventRequest, Material
from preventhub.speakers.tests.helpers import approved, make_request, minimum_checks

pytestmark = pytest.mark.django_db
BASE = "/api/v1/speaker-requests"
REGISTER = "/api/v1/speaker-register"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "speaker_name": "Sam Writer",
        "organisation": "The Daily Example",
        "topic": "Reporting from conflict zones",
        "event_title": "Life as a war reporter",
        "starts_at": (timezone.now() + timedelta(days=30)).isoformat(),
        "venue": "Main hall",
        "audience": "learners",
        "open_to_public": False,
    }
    data.update(overrides)
    return data


def post(client: Any, path: str, data: Any, **extra: Any) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json", **extra)


def in_the_past(request: EventRequest) -> None:
    now = timezone.now()
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=2)
    )


def test_enumerations_match_the_model_choices() -> None:
    assert set(get_args(schemas.KindKey)) == set(RequestKind.values)
    assert set(get_args(schemas.AudienceKey)) == set(Audience.values)
    assert set(get_args(schemas.StatusKey)) == set(Status.values)
    assert set(get_args(schemas.CheckKindKey)) == set(CheckKind.values)
    assert set(get_args(schemas.CheckOutcomeKey)) == set(CheckOutcome.values)
    assert set(get_args(schemas.ConsentKey)) == set(Consent.values)
    assert set(get_args(schemas.DecisionKey)) == set(Decision.values)
    assert set(get_args(schemas.RiskLevelKey)) == set(RiskLevel.values)
    assert set(get_args(schemas.ConditionKey)) == set(Condition.values)
    assert set(get_args(schemas.BritishValueKey)) == set(BritishValue.values)


def test_the_openapi_document_lists_the_contract_enums(api_client: Any, staff: Any) -> None:
    text = api_client(staff).get("/api/v1/openapi.json").content.decode()
    for value in (
        "internet_search",
        "dfe_coordinator",
        "consent_refused",
        "approved_with_conditions",
    ):
        assert value in text
    paths = json.loads(text)["paths"]
    for path in (BASE, BASE + "/{request_id}/checks", BASE + "/{request_id}/decision",
                 BASE + "/{request_id}/outcome", REGISTER):  # fmt: skip
        assert path in paths


# --- requesting ----------------------------------------------------------------------------


def test_a_request_answers_201_with_id_reference_and_status(
    api_client: Any, staff: Any, provider: Any
) -> None:
    response = post(api_client(staff), BASE, body(online_presence="@samwrites", expected_size=90))
    assert response.status_code == 201, response.content
    data = response.json()
    assert {"id", "reference", "status"} <= set(data)
    assert data["status"] == "submitted"
    assert data["reference"].startswith("S-")
    made = EventRequest.objects.for_provider(provider).get(pk=data["id"])
    assert (made.title, made.organiser, made.expected_size) == ("Life as a war reporter", staff, 90)
    assert made.speakers.get().speaker.online_presence == "@samwrites"
    assert made.ends_at == made.starts_at + timedelta(hours=1)
    assert AuditEvent.objects.filter(object_id=data["id"], action="create").exists()


def test_a_duplicate_submission_answers_200_with_the_first(
    api_client: Any, staff: Any, provider: Any
) -> None:
    client = api_client(staff)
    first = post(client, BASE, body(idempotency_key="abc-1"))
    again = post(client, BASE, body(idempotency_key="abc-1"))
    header = post(client, BASE, body(), HTTP_IDEMPOTENCY_KEY="hdr-1")
    header_again = post(client, BASE, body(), HTTP_IDEMPOTENCY_KEY="hdr-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert header.json()["id"] == header_again.json()["id"]
    assert EventRequest.objects.for_provider(provider).count() == 2


def _past() -> str:
    return (timezone.now() - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": _past()}, "starts_at"),
        (
            {
                "starts_at": (timezone.now() + timedelta(days=30)).isoformat(),
                "ends_at": (timezone.now() + timedelta(days=29)).isoformat(),
            },
            "ends_at",
        ),
        ({"audience": "aliens"}, "audience"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"open_to_public": "perhaps"}, "open_to_public"),
        ({"event_title": "   "}, "title"),
        ({"speaker_name": ""}, "speakers"),
        ({"starts_at": (timezone.now() + timedelta(days=2)).isoformat()}, "late_reason"),
        ({"expected_size": 0}, "expected_size"),
        ({"site_id": 999_999}, "site_id"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_requests_answer_422_and_make_nothing(
    api_client: Any, staff: Any, provider: Any, overrides: dict[str, Any], field: str
) -> None:
    response = post(api_client(staff), BASE, body(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not EventRequest.objects.for_provider(provider).exists()


def test_missing_contract_fields_answer_422(api_client: Any, staff: Any) -> None:
    data = body()
    del data["venue"]
    assert post(api_client(staff), BASE, data).status_code == 422
    assert api_client(staff).post(
        BASE, "not json", content_type="application/json"
    ).status_code in (400, 422)


def test_a_late_request_with_its_reason_is_accepted(api_client: Any, staff: Any) -> None:
    soon = (timezone.now() + timedelta(days=2)).isoformat()
    response = post(api_client(staff), BASE, body(starts_at=soon, late_reason="Short notice"))
    assert response.status_code == 201
    assert response.json()["late"] is True


def test_lettings_need_the_lettings_permission_and_a_hirer(
    api_client: Any, staff: Any, estates: Any, provider: Any
) -> None:
    letting = body(kind="letting", speaker_name="", hirer="Riverside Association", purpose="AGM")
    assert post(api_client(staff), BASE, letting).status_code == 403
    assert post(api_client(estates), BASE, {**letting, "hirer": ""}).status_code == 422
    response = post(api_client(estates), BASE, letting)
    assert response.status_code == 201
    assert response.json()["reference"].startswith("L-")


def test_several_speakers(api_client: Any, staff: Any, provider: Any) -> None:
    more = [{"name": "Ali Khan", "organisation": "Union"}, {"name": "Jo Bloggs"}]
    response = post(api_client(staff), BASE, body(more_speakers=more))
    made = EventRequest.objects.for_provider(provider).get(pk=response.json()["id"])
    assert made.speakers.count() == 3


# --- materials -----------------------------------------------------------------------------


def test_a_100_mb_upload_answers_422_and_stores_nothing(
    api_client: Any, staff: Any, provider: Any, settings: Any
) -> None:
    request = make_request(provider, staff)
    huge = SimpleUploadedFile("talk.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    response = api_client(staff).post(f"{BASE}/{request.pk}/materials", {"file": huge})
    assert response.status_code == 422
    assert "talk.pdf is larger than 20 MB" in response.content.decode()
    assert not Material.objects.for_provider(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_materials_are_added_by_the_organiser(api_client: Any, staff: Any, provider: Any) -> None:
    request = make_request(provider, staff)
    text = SimpleUploadedFile("agenda.txt", b"Welcome; talk; questions.")
    response = api_client(staff).post(f"{BASE}/{request.pk}/materials", {"file": text})
    assert response.status_code == 201
    assert response.json()["name"] == "agenda.txt"


# --- checks and decisions --------------------------------------------------------------------


def test_checks_are_recorded_and_unknown_values_refused(
    api_client: Any, coordinator: Any, provider: Any
) -> None:
    request = make_request(provider)
    client = api_client(coordinator)
    url = f"{BASE}/{request.pk}/checks"
    assert (
        post(client, url, {"kind": "horoscope", "outcome": "clear", "notes": ""}).status_code == 422
    )
    assert (
        post(client, url, {"kind": "police_prevent", "outcome": "fine", "notes": ""}).status_code
        == 422
    )
    response = post(
        client, url, {"kind": "police_prevent", "outcome": "clear", "notes": "Spoke to PC Lee."}
    )
    assert response.status_code == 201
    assert response.json()["notes"] == "Spoke to PC Lee."
    assert Check.objects.for_provider(provider).get().notes == "Spoke to PC Lee."


def test_staff_cannot_record_checks(api_client: Any, staff: Any, provider: Any) -> None:
    request = make_request(provider, staff)
    data = {"kind": "internet_search", "outcome": "clear", "notes": ""}
    assert post(api_client(staff), f"{BASE}/{request.pk}/checks", data).status_code == 403


def decision(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "decision": "approved",
        "risk_level": "low",
        "conditions": [],
        "rationale": "Known speaker, clear checks.",
    }
    data.update(overrides)
    return data


def test_approving_without_checks_answers_422(
    api_client: Any, coordinator: Any, provider: Any
) -> None:
    request = make_request(provider)
    response = post(api_client(coordinator), f"{BASE}/{request.pk}/decision", decision())
    assert response.status_code == 422
    assert "Approval needs these checks first" in response.content.decode()
    assert not request.decisions.exists()


def test_approving_after_consent_refused_answers_422(
    api_client: Any, coordinator: Any, provider: Any
) -> None:
    request = make_request(provider)
    client = api_client(coordinator)
    minimum_checks(request, coordinator)
    refused = {"kind": "police_prevent", "outcome": "consent_refused", "notes": ""}
    assert post(client, f"{BASE}/{request.pk}/checks", refused).status_code == 201
    response = post(client, f"{BASE}/{request.pk}/decision", decision())
    assert response.status_code == 422
    assert "refused consent" in response.content.decode()


def test_approving_high_risk_as_speaker_coordinator_answers_403_with_the_rule(
    api_client: Any, coordinator: Any, leader: Any, provider: Any
) -> None:
    request = make_request(provider)
    minimum_checks(request, coordinator)
    high = decision(decision="approved_with_conditions", risk_level="high",
                    conditions=["independent_chair", "staff_present"])  # fmt: skip
    response = post(api_client(coordinator), f"{BASE}/{request.pk}/decision", high)
    assert response.status_code == 403
    assert response.json()["detail"] == "A high-risk request is decided by a senior leader."
    assert not request.decisions.exists()
    response = post(api_client(leader), f"{BASE}/{request.pk}/decision", high)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "approved_with_conditions"
    assert data["decision"]["conditions"] == ["independent_chair", "staff_present"]
    assert data["decision"]["decided_as"] == "senior_leader"


def test_conditions_in_words_are_kept_as_detail(
    api_client: Any, coordinator: Any, provider: Any
) -> None:
    request = make_request(provider)
    minimum_checks(request, coordinator)
    words = decision(decision="approved_with_conditions", conditions="Head of sixth form chairs.")
    response = post(api_client(coordinator), f"{BASE}/{request.pk}/decision", words)
    assert response.status_code == 201
    assert response.json()["decision"]["conditions_detail"] == "Head of sixth form chairs."


def test_bad_decisions_answer_422_and_deciding_twice_409(
    api_client: Any, coordinator: Any, provider: Any
) -> None:
    request = make_request(provider)
    minimum_checks(request, coordinator)
    client = api_client(coordinator)
    url = f"{BASE}/{request.pk}/decision"
    assert post(client, url, decision(decision="maybe")).status_code == 422
    assert post(client, url, decision(risk_level="extreme")).status_code == 422
    assert post(client, url, decision(conditions=["a_moat"])).status_code == 422
    assert post(client, url, decision(rationale=" ")).status_code == 422
    assert post(client, url, decision()).status_code == 201
    again = post(client, url, decision())
    assert again.status_code == 409
    assert "re-open it for review" in again.json()["detail"]


def test_a_deputy_is_not_an_approver_by_default(
    api_client: Any, deputy: Any, provider: Any
) -> None:
    request = make_request(provider)
    response = post(
        api_client(deputy), f"{BASE}/{request.pk}/decision", decision(decision="refused")
    )
    assert response.status_code == 403


# --- after the event -------------------------------------------------------------------------


def test_an_outcome_before_the_event_answers_409_and_after_it_201(
    api_client: Any, staff: Any, provider: Any
) -> None:
    request = approved(provider, staff)
    client = api_client(staff)
    url = f"{BASE}/{request.pk}/outcome"
    data = {"held": True, "attendance": 60, "issues_raised": "", "benefit": "Critical thinking.",
            "values_addressed": ["mutual_respect"]}  # fmt: skip
    early = post(client, url, data)
    assert early.status_code == 409
    assert "has not happened yet" in early.json()["detail"]
    in_the_past(request)
    assert post(client, url, {**data, "values_addressed": ["cake"]}).status_code == 422
    assert post(client, url, {**data, "attendance": None}).status_code == 422
    response = post(client, url, data)
    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert response.json()["outcome"]["values_addressed"] == ["mutual_respect"]
    assert post(client, url, data).status_code == 409


# --- reading and visibility --------------------------------------------------------------------


def test_organisers_see_only_their_own_and_without_checks(
    api_client: Any, staff: Any, coordinator: Any, provider: Any, make_user: Any
) -> None:
    mine = make_request(provider, staff, title="Mine")
    make_request(provider, title="Theirs")
    minimum_checks(mine, coordinator)
    listing = api_client(staff).get(BASE).json()
    assert [r["title"] for r in listing["results"]] == ["Mine"]
    assert listing["results"][0]["checks"] == []
    one = api_client(staff).get(f"{BASE}/{mine.pk}").json()
    assert one["checks"] == []
    colleague = make_user(provider, Role.STAFF)
    assert api_client(colleague).get(f"{BASE}/{mine.pk}").status_code == 404
    manager_view = api_client(coordinator).get(f"{BASE}/{mine.pk}").json()
    assert manager_view["checks"][0]["notes"] == "ok"


def test_another_providers_request_answers_404(
    api_client: Any, outsider: Any, provider: Any
) -> None:
    request = make_request(provider)
    client = api_client(outsider)
    assert client.get(f"{BASE}/{request.pk}").status_code == 404
    data = {"kind": "internet_search", "outcome": "clear", "notes": ""}
    assert post(client, f"{BASE}/{request.pk}/checks", data).status_code == 404
    assert (
        post(client, f"{BASE}/{request.pk}/decision", decision(decision="refused")).status_code
        == 404
    )


def test_the_register_gives_governors_and_inspectors_no_check_notes(
    api_client: Any, governor: Any, inspector: Any, coordinator: Any, staff: Any, provider: Any
) -> None:
    request = approved(provider, staff)
    for reader in (governor, inspector):
        data = api_client(reader).get(REGISTER).json()
        row = data["results"][0]
        assert row["reference"] == request.reference
        assert row["decision"]["decision"] == "approved"
        assert [c["notes"] for c in row["checks"]] == [None, None]
        assert row["speakers"][0]["online_presence"] is None
    managed = api_client(coordinator).get(REGISTER).json()["results"][0]
    assert "ok" in [c["notes"] for c in managed["checks"]]
    assert managed["speakers"][0]["online_presence"] == "https://example.org/sam"
    assert api_client(staff).get(REGISTER).status_code == 403
    assert AuditEvent.objects.filter(action="view", object_type="speakers.eventrequest").exists()


def test_the_register_filters_and_refuses_bad_filters(
    api_client: Any, coordinator: Any, staff: Any, provider: Any
) -> None:
    approved(provider, staff, title="Approved talk")
    make_request(provider, staff, title="Waiting talk")
    client = api_client(coordinator)
    titles = [r["title"] for r in client.get(REGISTER, {"status": "approved"}).json()["results"]]
    assert titles == ["Approved talk"]
    assert client.get(REGISTER, {"status": "partying"}).status_code == 422
    assert client.get(REGISTER, {"date_from": "yesterday"}).status_code == 422
    assert client.get(REGISTER, {"page": 0}).status_code == 422
    assert client.get(REGISTER, {"page": 9}).json()["results"] == []


def test_the_register_queries_do_not_grow_with_rows(
    api_client: Any, coordinator: Any, staff: Any, provider: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        approved(provider, staff, title=f"Talk {n}")
    client = api_client(coordinator)
    client.get(REGISTER)  # warm the token and role caches
    with django_assert_max_num_queries(20):
        assert len(client.get(REGISTER).json()["results"]) == 6
