"""One identity's activity: hour by hour and top sites from the Parquet store (only that
pseudonym), flagged events and alerts from the database, at most 31 days, audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.online_safety.drilldown import Period, identity_activity
from preventhub.online_safety.tests.factories_triage import make_alert, make_identity, write_lines

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def test_activity_comes_from_the_store_for_that_pseudonym_only(provider: Any) -> None:
    identity = make_identity(provider)
    day = timezone.localdate() - timedelta(days=1)
    at = datetime(day.year, day.month, day.day, 9, 15, tzinfo=UTC)
    write_lines(
        provider,
        day,
        [
            {"ts": at, "pseudonym": identity.pseudonym, "host": "a.test", "action": "allowed"},
            {"ts": at, "pseudonym": identity.pseudonym, "host": "a.test", "action": "blocked"},
            {"ts": at + timedelta(hours=2), "pseudonym": identity.pseudonym, "host": "b.test",
             "action": "allowed"},
            {"ts": at, "pseudonym": "U-SOMEONE", "host": "c.test", "action": "allowed"},
        ],
    )  # fmt: skip
    make_alert(provider, identity, at=at)
    activity = identity_activity(identity, Period(day, day))
    assert (activity.requests, activity.blocked) == (3, 1)
    assert [(s.host, s.requests, s.blocked) for s in activity.sites] == [
        ("a.test", 2, 1),
        ("b.test", 1, 0),
    ]
    local = timezone.localtime(at)
    assert activity.hours[0].hour.hour == local.hour
    assert activity.hours[0].requests == 2
    assert sum(activity.hour_of_day) == 3
    assert activity.event_count == 2
    assert len(activity.alerts) == 1


def test_the_page_is_audited_and_refuses_more_than_31_days(
    client: Any, provider: Any, dsl: Any
) -> None:
    identity = make_identity(provider, username="abc123")
    client.force_login(dsl)
    url = reverse("online_safety:identity_activity", args=[identity.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "abc123" in page.content.decode()
    assert AuditEvent.objects.filter(object_id=str(identity.pk), action="view").count() == 1
    too_long = client.get(url, {"from": "2026-01-01", "to": "2026-03-01"})
    assert too_long.status_code == 422
    assert "31 days or fewer" in too_long.content.decode()
    backwards = client.get(url, {"from": "2026-03-01", "to": "2026-02-01"})
    assert backwards.status_code == 422
    assert AuditEvent.objects.filter(object_id=str(identity.pk), action="view").count() == 1


def test_the_api_gives_the_same_activity(api_client: Any, provider: Any, dsl: Any) -> None:
    identity = make_identity(provider)
    client = api_client(dsl)
    url = f"/api/v1/weblogs/identities/{identity.pk}/activity"
    body = client.get(url).json()
    assert body["requests"] == 0
    assert body["identity"]["pseudonym"] == identity.pseudonym
    assert client.get(url, {"from": "bad"}).status_code == 422
