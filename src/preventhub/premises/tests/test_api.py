"""The premises API: rooms, the policy document, bookings (409 on overlap, 422 on bad input),
visits (422 when dated in the future), follow-up, a concern raised from a visit, findings, and
what each role may see. Enumerations in the OpenAPI document match choices.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.choices import Category
from preventhub.premises import schemas
from preventhub.premises.choices import ConcernFlag, Condition, FaithGroup, RoomKind, UseKind
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.tests.helpers import (
    PDF,
    at,
    book,
    concerning_visit,
    make_room,
    site_of,
    visit,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/premises"


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def booking_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "group_name": "Hindu Society",
        "faith_group": "hindu",
        "starts_at": at(3, 12).isoformat(),
        "ends_at": at(3, 13).isoformat(),
        "expected_number": 10,
        "policy_acknowledged": True,
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("literal", "choices"),
    [
        (schemas.RoomKindKey, RoomKind),
        (schemas.UseKindKey, UseKind),
        (schemas.FaithGroupKey, FaithGroup),
        (schemas.ConditionKey, Condition),
        (schemas.ConcernFlagKey, ConcernFlag),
        (schemas.CategoryKey, Category),
    ],
)
def test_api_enumerations_match_the_choices(literal, choices):
    assert list(get_args(literal)) == list(choices.values)


def test_the_openapi_document_lists_the_enum_values(client):
    document = client.get("/api/v1/openapi.json").json()
    text = str(document["components"]["schemas"])
    assert "needs_attention" in text
    assert "segregation" in text


def test_estates_add_a_room_and_its_document(api_client, estates, provider):
    client = api_client(estates)
    body = {
        "site_id": str(site_of(provider).pk), "name": "Quiet room", "kind": "reflection",
        "capacity": 8, "manager_id": estates.pk,
    }  # fmt: skip
    response = post(client, f"{BASE}/rooms", body)
    assert response.status_code == 201, response.json()
    room_id = response.json()["id"]
    assert post(client, f"{BASE}/rooms", body).status_code == 409
    assert post(client, f"{BASE}/rooms", {**body, "kind": "mosque"}).status_code == 422
    assert post(client, f"{BASE}/rooms", {**body, "name": "B", "capacity": 0}).status_code == 422
    url = f"{BASE}/rooms/{room_id}/policy-document"
    ok = client.post(url, {"file": SimpleUploadedFile("policy.pdf", PDF)})
    assert ok.status_code == 201
    assert ok.json()["name"] == "policy.pdf"
    exe = client.post(url, {"file": SimpleUploadedFile("policy.exe", b"MZ" + b"0" * 64)})
    assert exe.status_code == 422
    assert "cannot be used as a usage policy" in str(exe.json()["detail"])
    huge = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    too_big = client.post(url, {"file": huge})
    assert too_big.status_code == 422
    assert "larger than 10 MB" in str(too_big.json()["detail"])
    assert Room.objects.for_provider(provider).get().policy_document_name == "policy.pdf"


def test_rooms_show_monitoring_dates_to_register_readers_only(
    api_client, staff, governor, estates, provider
):
    room = make_room(provider, estates)
    visit(room, estates)
    (for_staff,) = api_client(staff).get(f"{BASE}/rooms").json()
    (for_governor,) = api_client(governor).get(f"{BASE}/rooms").json()
    assert for_staff["last_visit_at"] is None
    assert for_governor["last_visit_at"] is not None
    assert for_governor["next_visit_due"]


def test_booking_through_the_api(api_client, staff, estates, provider):
    room = make_room(provider, estates)
    client = api_client(staff)
    url = f"{BASE}/rooms/{room.pk}/bookings"
    made = post(client, url, {**booking_body(), "idempotency_key": "api-1"})
    assert made.status_code == 201
    assert made.json()["bookings"][0]["booked_by_name"] == staff.get_full_name()
    assert post(client, url, {**booking_body(), "idempotency_key": "api-1"}).status_code == 200
    clash = post(client, url, booking_body(starts_at=at(3, 12, 30).isoformat(),
                                           ends_at=at(3, 13, 30).isoformat()))  # fmt: skip
    assert clash.status_code == 409
    assert "already booked" in clash.json()["detail"]
    assert Booking.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("overrides", "status", "text"),
    [
        ({"ends_at": at(3, 11).isoformat()}, 422, "The end must be after the start."),
        ({"kind": "reservation"}, 422, "literal_error"),
        ({"faith_group": "jedi"}, 422, "literal_error"),
        ({"starts_at": "tomorrow-ish"}, 422, "datetime"),
        ({"expected_number": 50}, 422, "holds 20; 50 are expected"),
        ({"policy_acknowledged": False}, 422, "usage policy"),
        (
            {"kind": "sign_in", "starts_at": at(1, 12).isoformat(), "ends_at": None},
            422,
            "cannot be in the future",
        ),
    ],
)
def test_bad_booking_input_answers_422(
    api_client, staff, estates, provider, overrides, status, text
):
    room = make_room(provider, estates)
    response = post(
        api_client(staff), f"{BASE}/rooms/{room.pk}/bookings", booking_body(**overrides)
    )
    assert response.status_code == status
    assert text in str(response.json()["detail"])
    assert not Booking.objects.for_provider(provider).exists()


def test_staff_list_and_cancel_only_their_own_bookings(
    api_client, staff, make_user, estates, provider
):
    room = make_room(provider, estates)
    mine = book(room, staff, days=2)
    theirs = book(room, make_user(provider, "staff"), days=5)
    listed = api_client(staff).get(f"{BASE}/bookings").json()
    assert [b["id"] for b in listed["results"]] == [str(mine.pk)]
    assert api_client(estates).get(f"{BASE}/bookings").json()["count"] == 2
    assert post(api_client(staff), f"{BASE}/bookings/{theirs.pk}/cancel", {}).status_code == 404
    assert post(api_client(staff), f"{BASE}/bookings/{mine.pk}/cancel", {}).json()["status"] == (
        "cancelled"
    )
    assert post(api_client(staff), f"{BASE}/bookings/{mine.pk}/cancel", {}).status_code == 409
    bad = api_client(estates).get(f"{BASE}/bookings?date_from=yesterday")
    assert bad.status_code == 422


def test_a_visit_dated_in_the_future_answers_422(api_client, estates, provider):
    room = make_room(provider, estates)
    body = {
        "visited_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "people_present": 4,
        "condition": "good",
    }
    response = post(api_client(estates), f"{BASE}/rooms/{room.pk}/visits", body)
    assert response.status_code == 422
    assert response.json()["detail"]["visited_at"] == [
        "A monitoring visit cannot be dated in the future."
    ]
    now = timezone.now().isoformat()
    unknown = post(
        api_client(estates),
        f"{BASE}/rooms/{room.pk}/visits",
        {**body, "visited_at": now, "concerns": ["noise"]},
    )
    assert unknown.status_code == 422
    assert not MonitoringVisit.objects.for_provider(provider).exists()


def test_visits_follow_up_and_a_concern_raised_from_one(api_client, estates, dsl, provider):
    room = make_room(provider, estates)
    client = api_client(estates)
    body = {
        "visited_at": (timezone.now() - timedelta(minutes=20)).isoformat(),
        "people_present": 14,
        "condition": "needs_attention",
        "concerns": ["materials"],
        "observations": "Leaflets from an unknown group calling others unbelievers.",
    }
    made = post(client, f"{BASE}/rooms/{room.pk}/visits", body)
    assert made.status_code == 201
    visit_id = made.json()["id"]
    listed = client.get(f"{BASE}/visits").json()
    assert "observations" not in listed["results"][0]
    detail = client.get(f"{BASE}/visits/{visit_id}").json()
    assert "unbelievers" in detail["observations"]
    assert AuditEvent.objects.filter(object_id=visit_id, action="view").exists()
    raised = post(client, f"{BASE}/visits/{visit_id}/concern", {"category": "prevent"})
    assert raised.status_code == 201
    assert set(raised.json()) == {"id", "reference", "status"}
    assert post(
        client, f"{BASE}/visits/{visit_id}/concern", {"category": "prevent"}
    ).status_code == (409)
    as_reporter = client.get(f"/api/v1/concerns/{raised.json()['id']}").json()
    assert as_reporter["reference"] == raised.json()["reference"]
    assert "description" not in as_reporter  # like any reporter: reference and status only
    assert api_client(dsl).get(f"/api/v1/concerns/{raised.json()['id']}").status_code == 200
    follow = post(client, f"{BASE}/visits/{visit_id}/follow-up", {"follow_up": "Leaflets removed."})
    assert follow.status_code == 201
    assert (
        post(client, f"{BASE}/visits/{visit_id}/follow-up", {"follow_up": "x"}).status_code == 409
    )


def test_governors_read_findings_but_no_visit(api_client, governor, estates, provider):
    seen = concerning_visit(make_room(provider, estates), estates)
    client = api_client(governor)
    codes = {f["code"] for f in client.get(f"{BASE}/findings").json()}
    assert codes == {"concern_not_followed_up", "usage_unknown"}
    assert client.get(f"{BASE}/visits").status_code == 403
    assert client.get(f"{BASE}/visits/{seen.pk}").status_code == 403


def test_another_providers_records_answer_404(api_client, outsider, estates, provider):
    room = make_room(provider, estates)
    seen = concerning_visit(room, estates)
    client = api_client(outsider)
    assert post(client, f"{BASE}/rooms/{room.pk}/bookings", booking_body()).status_code == 404
    assert client.get(f"{BASE}/visits/{seen.pk}").status_code == 404
    assert post(
        client, f"{BASE}/visits/{seen.pk}/concern", {"category": "prevent"}
    ).status_code == (404)
