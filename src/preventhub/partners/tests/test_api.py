"""The partnerships API: contract enums, creating records, bad input (422/409), other
providers' ids, document uploads, who reads the encrypted details, the findings."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preventhub.accounts.roles import Role
from preventhub.partners import schemas
from preventhub.partners.choices import (
    AgreementStatus,
    AssuranceCheck,
    EngagementKind,
    LawfulBasis,
    PartnerKind,
    SpecialCondition,
)
from preventhub.partners.models import Agreement, Engagement, Partner
from preventhub.partners.tests.helpers import agreement, days, engagement, partner

BASE = "/api/v1/partners"


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def manager(make_user: Any, provider: Any, api_client: Any) -> Any:
    return api_client(make_user(provider, Role.DSL))


@pytest.fixture
def inspector(make_user: Any, provider: Any, api_client: Any) -> Any:
    return api_client(make_user(provider, Role.INSPECTOR))


def test_literals_match_the_choices() -> None:
    assert set(get_args(schemas.PartnerKindKey)) == set(PartnerKind.values)
    assert set(get_args(schemas.EngagementKindKey)) == set(EngagementKind.values)
    assert set(get_args(schemas.LawfulBasisKey)) == set(LawfulBasis.values)
    assert set(get_args(schemas.SpecialConditionKey)) == set(SpecialCondition.values)
    assert set(get_args(schemas.AgreementStatusKey)) == set(AgreementStatus.values)
    assert set(get_args(schemas.AssuranceCheckKey)) == set(AssuranceCheck.values)


def test_the_openapi_document_lists_the_enums(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    text = json.dumps(document)
    assert "la_prevent_coordinator" in text
    assert "art10_criminal_offence" in text


def test_create_and_list_partners(manager: Any, provider: Any) -> None:
    made = post(manager, BASE, {"name": "Jisc", "kind": "jisc"})
    assert made.status_code == 201
    assert made.json()["kind"] == "jisc"
    again = post(manager, BASE, {"name": "JISC", "kind": "jisc"})
    assert again.status_code == 409
    assert "already in your partner directory" in again.json()["detail"]
    listed = manager.get(BASE, {"kind": "jisc"}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["name"] == "Jisc"
    assert post(manager, BASE, {"name": "X", "kind": "mosque"}).status_code == 422
    assert manager.get(BASE, {"kind": "mosque"}).status_code == 422


def test_an_engagement_with_another_providers_partner_answers_422(
    manager: Any, provider: Any, other_provider: Any
) -> None:
    theirs = partner(other_provider, "Elsewhere")
    body = {
        "occurred_on": days(-1).isoformat(),
        "kind": "meeting",
        "partner_id": str(theirs.pk),
        "summary": "A meeting",
    }
    response = post(manager, f"{BASE}/engagements", body)
    assert response.status_code == 422
    assert "No such partner" in json.dumps(response.json())
    assert not Engagement.objects.for_provider(provider).exists()


def test_engagements_are_idempotent_and_shaped_by_role(
    manager: Any, inspector: Any, provider: Any
) -> None:
    police = partner(provider)
    body = {
        "occurred_on": days(-1).isoformat(),
        "kind": "intelligence_shared",
        "partner_id": str(police.pk),
        "summary": "Shared a concern",
        "details": "About learner B in Motor Vehicle.",
        "idempotency_key": "one",
    }
    assert post(manager, f"{BASE}/engagements", body).status_code == 201
    repeat = post(manager, f"{BASE}/engagements", body)
    assert repeat.status_code == 200
    assert repeat.json()["agreement_in_force"] is False
    assert Engagement.objects.for_provider(provider).count() == 1
    mine = manager.get(f"{BASE}/engagements").json()["results"][0]
    assert mine["details"] == "About learner B in Motor Vehicle."
    theirs = inspector.get(f"{BASE}/engagements").json()["results"][0]
    assert theirs["details"] is None
    assert theirs["summary"] == "Shared a concern"
    assert post(inspector, f"{BASE}/engagements", body).status_code == 403


def test_bad_engagement_input(manager: Any, provider: Any) -> None:
    police = partner(provider)
    base = {"kind": "meeting", "partner_id": str(police.pk), "summary": "x"}
    assert (
        post(manager, f"{BASE}/engagements", {**base, "occurred_on": "2026-02-31"}).status_code
        == 422
    )
    future = post(manager, f"{BASE}/engagements", {**base, "occurred_on": days(4).isoformat()})
    assert future.status_code == 422
    assert "cannot be in the future" in json.dumps(future.json())
    gossip = {**base, "kind": "gossip", "occurred_on": days(-1).isoformat()}
    assert post(manager, f"{BASE}/engagements", gossip).status_code == 422
    filters = manager.get(
        f"{BASE}/engagements", {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert filters.status_code == 422


def test_agreements_review_before_signing_answers_422(manager: Any, provider: Any) -> None:
    police = partner(provider)
    body = {
        "title": "Protocol",
        "partner_ids": [str(police.pk)],
        "scope": "Safeguarding concerns.",
        "lawful_basis": "public_task",
        "signed_on": days(-5).isoformat(),
        "review_on": days(-50).isoformat(),
    }
    response = post(manager, f"{BASE}/agreements", body)
    assert response.status_code == 422
    assert "on or after the date the agreement was signed" in json.dumps(response.json())
    body["review_on"] = days(360).isoformat()
    made = post(manager, f"{BASE}/agreements", body)
    assert made.status_code == 201
    assert made.json()["status"] == "in_force"
    assert made.json()["partners"][0]["name"]
    assert post(manager, f"{BASE}/agreements", body).status_code == 409
    bad_basis = post(manager, f"{BASE}/agreements", {**body, "lawful_basis": "because"})
    assert bad_basis.status_code == 422


def test_the_signed_copy_by_multipart(manager: Any, provider: Any) -> None:
    made = agreement(provider, [partner(provider)])
    url = f"{BASE}/agreements/{made.pk}/document"
    ok = manager.post(url, {"file": SimpleUploadedFile("signed.txt", b"Signed by both.")})
    assert ok.status_code == 200
    assert ok.json()["document_name"] == "signed.txt"
    huge = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    too_big = manager.post(url, {"file": huge})
    assert too_big.status_code == 422
    assert "larger than 20 MB" in json.dumps(too_big.json())
    wrong = manager.post(url, {"file": SimpleUploadedFile("run.sh", b"#!/bin/sh")})
    assert wrong.status_code == 422
    assert "cannot be uploaded" in json.dumps(wrong.json())
    assert Agreement.objects.for_provider(provider).get().document_name == "signed.txt"


def test_another_providers_agreement_answers_404(manager: Any, other_provider: Any) -> None:
    theirs = agreement(other_provider, [partner(other_provider)])
    url = f"{BASE}/agreements/{theirs.pk}/document"
    response = manager.post(url, {"file": SimpleUploadedFile("x.txt", b"x")})
    assert response.status_code == 404


def test_findings_and_assurance(inspector: Any, provider: Any) -> None:
    police = partner(provider)
    engagement(provider, police, kind="intelligence_shared")
    partner(provider, "Skills Ltd", kind="subcontractor")
    found = inspector.get(f"{BASE}/findings").json()
    codes = {f["code"] for f in found["findings"]}
    assert {"intelligence_shared_without_agreement", "assurance_missing"} <= codes
    assert all(f["compliance_area"] == "partnership" for f in found["findings"])
    rows = inspector.get(f"{BASE}/assurance").json()
    assert rows == [
        {
            "partner_id": str(Partner.objects.for_provider(provider).get(name="Skills Ltd").pk),
            "partner": "Skills Ltd",
            "assured_on": None,
            "prevent_awareness_confirmed": None,
            "checks": [],
            "due_on": None,
            "overdue": True,
        }
    ]
