"""GET /api/v1/compliance/summary and the evidence pack over the API."""

from __future__ import annotations

from typing import get_args

import pytest

from preventhub.accounts.roles import Role
from preventhub.compliance.choices import Status
from preventhub.compliance.schemas import AreaKey, StatusKey
from preventhub.core.findings import ComplianceArea

pytestmark = pytest.mark.django_db


def test_the_summary_lists_the_seven_areas_with_status_and_findings(api_client, leader):
    response = api_client(leader).get("/api/v1/compliance/summary")
    assert response.status_code == 200
    body = response.json()
    assert [row["area"] for row in body] == list(ComplianceArea.values)
    for row in body:
        assert set(row) == {"area", "status", "findings"}
        assert row["status"] == "red"
        assert row["findings"]
        assert {"code", "message", "why", "severity", "url"} <= set(row["findings"][0])


def test_the_enums_match_the_choices_and_the_openapi_document_lists_them(api_client, leader):
    assert set(get_args(AreaKey)) == set(ComplianceArea.values)
    assert set(get_args(StatusKey)) == set(Status.values)
    schema = api_client(leader).get("/api/v1/openapi.json").json()
    text = str(schema["components"]["schemas"]["AreaSummaryOut"])
    assert "risk_assessment" in text
    assert "amber" in text


def test_staff_and_other_providers_get_no_summary(api_client, staff, make_user, other_provider):
    assert api_client(staff).get("/api/v1/compliance/summary").status_code == 403
    outsider = make_user(other_provider, Role.SENIOR_LEADER)
    body = api_client(outsider).get("/api/v1/compliance/summary").json()
    # An outsider sees their own provider's summary, never this one's: nothing leaks across.
    assert all(row["status"] == "red" for row in body)


def test_the_evidence_pack_pdf_is_a_pdf_download_and_is_audited(api_client, inspector):
    from preventhub.audit.models import AuditEvent

    response = api_client(inspector).get("/api/v1/evidence-pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        object_type="compliance.evidencepack", actor_id=inspector.pk, action="export"
    ).exists()
