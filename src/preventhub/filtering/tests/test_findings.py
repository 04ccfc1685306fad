"""What the compliance view is told: nobody named, the review overdue, tests overdue, a device
type never tested, a failure not re-tested, requests waiting, allows past their review."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from preventhub.core.findings import findings_for
from preventhub.filtering.findings import filtering_findings
from preventhub.filtering.models import Decision, Review, UnblockRequest
from preventhub.filtering.review_services import ReviewIn, review_record, review_sign_off
from preventhub.filtering.services import person_name, product_add
from preventhub.filtering.tests.helpers import decision, device, run, unblock_request

pytestmark = pytest.mark.django_db


def codes(provider: Any, now: datetime | None = None) -> set[str]:
    return {f.code for f in filtering_findings(provider, now or timezone.now())}


def test_a_new_provider_is_told_everything_that_is_missing(provider: Any) -> None:
    found = codes(provider)
    assert {
        "no_senior_leader", "no_governor", "no_filtering_product", "no_monitoring_product",
        "review_overdue", "tests_overdue",
    } <= found  # fmt: skip
    assert all(
        f.compliance_area == "online_safety" for f in findings_for(provider, only=["filtering"])
    )


def test_a_well_governed_provider_has_no_findings(
    provider: Any, it: Any, leader: Any, governor: Any
) -> None:
    today = timezone.localdate()
    person_name(actor=it, provider=provider, kind="senior_leader", user=leader, from_date=today)
    person_name(actor=it, provider=provider, kind="governor", user=governor, from_date=today)
    for kind in ("filtering", "monitoring"):
        product_add(actor=it, provider=provider, kind=kind, name=f"{kind} box", from_date=today)
    review = review_record(
        actor=it, provider=provider,
        data=ReviewIn(reviewed_on=today, participants=["Helen"], findings="Fine.",
                      checklist=["risk_profile", "what_blocked", "monitoring", "alerts",
                                 "devices", "training"]),
    )  # fmt: skip
    review_sign_off(actor=leader, review=review)
    for d in ("Desktop", "Laptop", "Tablet", "Phone", "Guest Wi-Fi / BYOD"):
        run(provider, on=device(provider, d), actor=it)
    assert codes(provider) == set()


def test_a_review_over_twelve_months_old_is_overdue(provider: Any, it: Any, leader: Any) -> None:
    day = timezone.localdate() - timedelta(days=380)
    review = review_record(
        actor=it, provider=provider,
        data=ReviewIn(reviewed_on=day, participants=["Helen"], findings="Fine.",
                      checklist=["alerts"]),
    )  # fmt: skip
    assert "review_awaiting_sign_off" in codes(provider)
    review_sign_off(actor=leader, review=review)
    found = {f.code: f for f in filtering_findings(provider, timezone.now())}
    assert "review_overdue" in found
    assert "review_incomplete" in found
    assert "what the filtering system blocks" in found["review_incomplete"].message
    Review.objects.for_provider(provider).update(reviewed_on=timezone.localdate())
    assert "review_overdue" not in codes(provider)


def test_tests_older_than_a_term_and_untested_devices_are_findings(provider: Any, it: Any) -> None:
    run(provider, on=device(provider, "Laptop"), actor=it,
        when=timezone.now() - timedelta(days=100))  # fmt: skip
    found = {f.code: f for f in filtering_findings(provider, timezone.now())}
    assert "tests_overdue" in found
    assert "Phone" in found["device_never_tested"].message
    assert "Laptop" not in found["device_never_tested"].message


def test_a_failure_without_a_passing_retest_is_red(provider: Any, it: Any) -> None:
    failed = run(provider, "not_blocked", actor=it, when=timezone.now() - timedelta(hours=1))
    found = [
        f for f in filtering_findings(provider, timezone.now()) if f.code == "failure_not_retested"
    ]
    assert len(found) == 1
    assert found[0].severity == "red"
    run(provider, "blocked", test_url=failed.checks.get().test_url, actor=it)
    assert "failure_not_retested" not in codes(provider)


def test_requests_waiting_longer_than_the_school_days_allowed(provider: Any) -> None:
    request = unblock_request(provider)
    assert "requests_waiting" not in codes(provider)
    UnblockRequest.objects.for_provider(provider).filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    found = {f.code: f for f in filtering_findings(provider, timezone.now())}
    assert "1 website unblock request has waited" in found["requests_waiting"].message
    assert "Jordan" not in found["requests_waiting"].message


def test_allows_past_their_review_date_until_a_new_decision(provider: Any, it: Any) -> None:
    allow = decision(provider, it, target="news.example")
    Decision.objects.for_provider(provider).filter(pk=allow.pk).update(
        review_on=timezone.localdate() - timedelta(days=2)
    )
    assert "allow_past_review" in codes(provider)
    decision(provider, it, target="news.example", decision="block", review_on=None)
    assert "allow_past_review" not in codes(provider)
