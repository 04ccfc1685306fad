"""Records made through the filtering services, for the filtering tests (and the route-access
table)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.filtering.filter_tests import CheckIn, address_add, device_types_ensure, run_record
from preventhub.filtering.models import Decision, DeviceType, TestRun, TestUrl, UnblockRequest
from preventhub.filtering.services import decision_record
from preventhub.filtering.unblock import request_create
from preventhub.risk.models import Risk
from preventhub.risk.services import risk_create
from preventhub.testing.factories import UserFactory, grant

EXTREMISM_TEST = "https://filter-test.example/extremism"


def it_user(provider: Provider) -> Any:
    return grant(UserFactory(first_name="Priya", last_name="Patel"), provider, Role.IT_MANAGER)


def learner_user(provider: Provider) -> Any:
    return grant(UserFactory(first_name="Jordan", last_name="Clarke"), provider, Role.LEARNER)


def decision(provider: Provider, actor: Any = None, **overrides: Any) -> Decision:
    fields: dict[str, Any] = {
        "target_kind": "domain",
        "target": f"site-{timezone.now():%H%M%S%f}.example",
        "decision": "allow",
        "reason": "Needed for the A-level history course on propaganda.",
        "review_on": timezone.localdate() + timedelta(days=30),
    }
    fields.update(overrides)
    return decision_record(actor=actor or it_user(provider), provider=provider, **fields).decision


def device(provider: Provider, name: str = "Laptop") -> DeviceType:
    return next(d for d in device_types_ensure(provider) if d.name == name)


def address(provider: Provider, actor: Any = None, **overrides: Any) -> TestUrl:
    fields: dict[str, Any] = {
        "category": "Terrorist and extremist content",
        "url": f"https://filter-test.example/{timezone.now():%H%M%S%f}",
        "device_types": [],
    }
    fields.update(overrides)
    return address_add(actor=actor or it_user(provider), provider=provider, **fields)


def run(
    provider: Provider,
    result: str = "blocked",
    *,
    on: DeviceType | None = None,
    test_url: TestUrl | None = None,
    actor: Any = None,
    when: Any = None,
) -> TestRun:
    test_url = test_url or address(provider)
    return run_record(
        actor=actor or it_user(provider),
        provider=provider,
        device_type=on or device(provider),
        run_at=when or timezone.now() - timedelta(minutes=10),
        checks=[CheckIn(test_url, result, "")],
    ).run


def unblock_request(provider: Provider, actor: Any = None, **overrides: Any) -> UnblockRequest:
    fields: dict[str, Any] = {
        "url": f"https://archive-{timezone.now():%H%M%S%f}.example/propaganda-1930s",
        "subject": "history",
        "reason": "My coursework is on propaganda in the 1930s.",
    }
    fields.update(overrides)
    return request_create(
        actor=actor or learner_user(provider), provider=provider, **fields
    ).request


def online_risk(provider: Provider) -> Risk:
    found: Risk | None = Risk.objects.for_provider(provider).filter(area="online").first()
    return found or risk_create(
        actor=None,
        provider=provider,
        area="online",
        title="Learners reach extremist material online",
        description="Learners on the Riverside site use their own phones on guest Wi-Fi.",
        likelihood=3,
        impact=4,
    )
