"""The alerts API and the daily-report API: filters and pagination, pseudonyms for the IT
manager, 409 on illegal moves, 422 on bad input, audited reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import DailyReportRead
from preventhub.online_safety.tests.factories_triage import (
    make_alert,
    make_identity,
    set_counts,
)
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/weblogs"


@pytest.fixture
def it_manager(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.IT_MANAGER, username="itm")


def test_listing_alerts_with_filters_and_pages(api_client: Any, provider: Any, dsl: Any) -> None:
    for _ in range(3):
        make_alert(provider, severity=Severity.MEDIUM)
    critical = make_alert(provider, severity=Severity.CRITICAL)
    client = api_client(dsl)
    body = client.get(f"{BASE}/alerts").json()
    assert body["count"] == 4
    assert body["pages"] == 1
    assert body["results"][0]["id"] == str(critical.pk)
    only = client.get(f"{BASE}/alerts", {"severity": "critical"}).json()
    assert [a["id"] for a in only["results"]] == [str(critical.pk)]
    assert client.get(f"{BASE}/alerts", {"severity": "dreadful"}).status_code == 422
    assert client.get(f"{BASE}/alerts", {"date_from": "yesterday"}).status_code == 422


def test_the_it_manager_gets_no_username_or_person(
    api_client: Any, provider: Any, it_manager: Any
) -> None:
    identity = make_identity(
        provider, username="secret.name", person=PersonFactory(provider=provider)
    )
    alert = make_alert(provider, identity)
    body = api_client(it_manager).get(f"{BASE}/alerts/{alert.pk}").json()
    assert body["identity"] == {
        "id": str(identity.pk),
        "pseudonym": identity.pseudonym,
        "is_guest": False,
        "username": None,
        "person": None,
    }
    assert len(body["events"]) == 2
    assert "secret.name" not in str(body)
    assert AuditEvent.objects.filter(object_id=str(alert.pk), action="view").count() == 1


def test_triage_through_the_api(api_client: Any, provider: Any, dsl: Any) -> None:
    alert = make_alert(provider)
    client = api_client(dsl)
    url = f"{BASE}/alerts/{alert.pk}"
    empty = client.post(f"{url}/false-positive", {"reason": " "}, content_type="application/json")
    assert empty.status_code == 422
    done = client.post(f"{url}/acknowledge", {"note": "On it"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == AlertStatus.ACKNOWLEDGED
    again = client.post(f"{url}/acknowledge", {}, content_type="application/json")
    assert again.status_code == 409
    assert "already acknowledged" in str(again.json()["detail"])
    raised = client.post(f"{url}/concern", {}, content_type="application/json")
    assert raised.status_code == 201
    assert raised.json()["reference"].startswith("C-")
    assert client.post(f"{url}/concern", {}, content_type="application/json").status_code == 409


def test_linking_an_identity_through_the_api(
    api_client: Any, provider: Any, other_provider: Any, dsl: Any
) -> None:
    identity = make_identity(provider)
    client = api_client(dsl)
    url = f"{BASE}/identities/{identity.pk}/person"
    stranger = PersonFactory(provider=other_provider)
    refused = client.post(url, {"person_id": str(stranger.pk)}, content_type="application/json")
    assert refused.status_code == 422
    person = PersonFactory(provider=provider)
    body = client.post(url, {"person_id": str(person.pk)}, content_type="application/json").json()
    assert body["person"]["id"] == str(person.pk)


def test_the_daily_report_api(api_client: Any, provider: Any, make_user: Any) -> None:
    leader = make_user(provider, Role.SENIOR_LEADER, username="principal")
    day = timezone.localdate() - timedelta(days=1)
    set_counts(provider, day, requests=1000, blocked=40, category__weapons=3)
    client = api_client(leader)
    body = client.get("/api/v1/reports/daily-it", {"date": day.isoformat()}).json()
    assert body["date"] == day.isoformat()
    assert body["totals"]["blocked"] == 40
    assert body["categories"][0]["attempts"] == 3
    assert DailyReportRead.objects.filter(provider=provider, day=day, user=leader).count() == 1
    for bad in ("2026-13-01", "tomorrow", (timezone.localdate() + timedelta(days=1)).isoformat()):
        response = client.get("/api/v1/reports/daily-it", {"date": bad})
        assert response.status_code == 422, bad
        assert "date" in str(response.json()["detail"])
