"""The anonymised blocked-sites export for the police Prevent team: domains and counts only,
summed over the period, recorded as a PoliceShare, downloaded from that record (audited)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.online_safety.models import PoliceShare
from preventhub.online_safety.police_export import police_share_create
from preventhub.online_safety.tests.factories_triage import make_identity, set_metric

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def _counts(provider: Any) -> None:
    identity = make_identity(provider)
    set_metric(provider, date(2026, 10, 1), "blocked_domain:a.example.test", 5)
    set_metric(provider, date(2026, 10, 2), "blocked_domain:a.example.test", 7)
    set_metric(provider, date(2026, 10, 2), "blocked_domain:b.example.test", 9)
    set_metric(provider, date(2026, 9, 30), "blocked_domain:c.example.test", 100)  # outside
    set_metric(provider, date(2026, 10, 2), f"identity:{identity.pseudonym}", 3)


def test_a_share_sums_domains_over_the_period(provider: Any, dsl: Any) -> None:
    _counts(provider)
    share = police_share_create(
        actor=dsl,
        provider=provider,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        recipient="Police Prevent team",
        rows=10,
        today=TODAY,
    )
    assert share.rows == [
        {"domain": "a.example.test", "attempts": 12},
        {"domain": "b.example.test", "attempts": 9},
    ]
    assert AuditEvent.objects.filter(object_id=str(share.pk), action="create").count() == 1


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2026, 10, 5), date(2026, 10, 1), "period_end"),
        (date(2026, 11, 1), date(2026, 12, 1), "period_end"),
        (date(2024, 1, 1), date(2026, 1, 1), "period_end"),
        (date(2026, 8, 1), date(2026, 8, 31), "period_end"),  # nothing blocked: nothing to share
        (None, date(2026, 8, 31), "period_start"),
    ],
)
def test_bad_periods_are_refused_and_nothing_is_recorded(
    provider: Any, dsl: Any, start: Any, end: Any, field: str
) -> None:
    _counts(provider)
    with pytest.raises(ValidationError) as caught:
        police_share_create(
            actor=dsl,
            provider=provider,
            period_start=start,
            period_end=end,
            recipient="Police",
            today=TODAY,
        )
    assert field in caught.value.message_dict
    assert not PoliceShare.objects.for_provider(provider).exists()


def test_sharing_from_the_page_and_downloading_holds_no_identity(
    client: Any, provider: Any, dsl: Any
) -> None:
    _counts(provider)
    client.force_login(dsl)
    url = reverse("online_safety:police_share_new")
    period = {"period_start": "2026-10-01", "period_end": "2026-10-31", "rows": "50"}
    preview = client.get(url, period)
    assert "a.example.test" in preview.content.decode()
    missing = client.post(url, period)
    assert missing.status_code == 422
    assert not PoliceShare.objects.for_provider(provider).exists()
    client.post(url, period | {"recipient": "PC Example, police Prevent team"})
    share = PoliceShare.objects.for_provider(provider).get()
    listing = client.get(reverse("online_safety:police_shares")).content.decode()
    assert "PC Example" in listing
    download = client.get(reverse("online_safety:police_share_download", args=[share.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert body.splitlines() == [
        "period_start,period_end,domain,attempts",
        "2026-10-01,2026-10-31,a.example.test,12",
        "2026-10-01,2026-10-31,b.example.test,9",
    ]
    assert "U-" not in body
    assert AuditEvent.objects.filter(object_id=str(share.pk), action="export").count() == 1


def test_the_default_period_is_last_month(client: Any, provider: Any, dsl: Any) -> None:
    client.force_login(dsl)
    form = client.get(reverse("online_safety:police_share_new")).context["form"]
    end = timezone.localdate().replace(day=1) - timedelta(days=1)
    assert form.initial["period_end"] == end
    assert form.initial["period_start"].day == 1
