"""Filtering governance in the small demo: each finding the story is built to show, actions of
the review in the risk action plan, nothing dated in the future; a re-run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.filtering.models import Decision, Responsibility, Review, UnblockRequest

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_small_demo_tells_the_filtering_story_once() -> None:
    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    college = Provider.objects.get(slug="demo-college")
    codes = sorted(f.code for f in findings_for(college, only=["filtering"]))
    assert codes == [
        "allow_past_review", "device_never_tested", "failure_not_retested", "requests_waiting",
    ]  # fmt: skip
    review = Review.objects.for_provider(college).get()
    assert review.is_signed_off
    assert review.actions.exclude(risk_action=None).count() == 2
    statuses = sorted(UnblockRequest.objects.for_provider(college).values_list("status", flat=True))
    assert statuses == ["approved", "pending", "refused"]
    counts = (
        Responsibility.objects.for_provider(college).count(),
        Decision.objects.for_provider(college).count(),
    )
    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    again = (
        Responsibility.objects.for_provider(college).count(),
        Decision.objects.for_provider(college).count(),
    )
    assert again == counts
