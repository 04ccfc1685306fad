"""What the compliance view is told about filtering governance (area: online safety).

- ``no_senior_leader`` / ``no_governor`` (red): nobody is named responsible.
- ``no_filtering_product`` / ``no_monitoring_product`` (amber): what is in use is not recorded.
- ``review_overdue`` (red): no signed-off annual review, or the last is over twelve months old.
- ``review_awaiting_sign_off`` (amber): a review has not been signed off by a senior leader.
- ``review_incomplete`` (amber): the last signed-off review left parts of the checklist out.
- ``tests_overdue`` (red): no filter test run within the settings' days (about a term).
- ``device_never_tested`` (amber): an active device type with no test run at all.
- ``failure_not_retested`` (red): a test address not blocked, with no passing re-test since.
- ``requests_waiting`` (amber): unblock requests waiting longer than the settings allow.
- ``allow_past_review`` (amber): allow or unblock decisions past their review date.

Messages name device types, categories, dates and counts: never a person, never an address a
learner asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.filtering.choices import ReviewItem, ReviewStatus
from preventhub.filtering.models import Review
from preventhub.filtering.selectors import (
    coverage,
    last_run_at,
    last_signed_off,
    open_failures,
    past_review,
    responsibilities,
    review_due_on,
    waiting_too_long,
)
from preventhub.filtering.services import settings_for

AREA = ComplianceArea.ONLINE_SAFETY
MODULE_AREA = "filtering"

WHY_NAMED = (
    "The DfE filtering and monitoring standards ask for a named senior leader and governor "
    "responsible, so that someone owns the provision and holds it to account."
)
WHY_PRODUCTS = (
    "Knowing which filtering and monitoring systems are in use, and since when, is the start of "
    "checking that they meet the standards."
)
WHY_REVIEW = (
    "The standards ask for a review of filtering and monitoring at least once a year; Ofsted found "
    "learners not protected online in nearly half the providers it visited."
)
WHY_SIGN_OFF = "A review becomes the provider's position once a senior leader signs it off."
WHY_CHECKLIST = (
    "The review should cover the learners' risk profile, what is blocked, what monitoring "
    "covers, how alerts are handled, the devices in use and staff training."
)
WHY_TESTS = (
    "Filtering should be checked regularly: a system that is not tested may be failing unseen, as "
    "when a learner bypassed a college's firewall to watch a terrorist video."
)
WHY_DEVICES = (
    "The standards expect filtering on every device and network learners use; a device type "
    "never tested may not be filtered at all."
)
WHY_FAILURE = (
    "A test address that was not blocked means learners may reach that kind of content until the "
    "filter is fixed and the fix re-tested."
)
WHY_REQUESTS = (
    "A learner who needs a blocked site for study should not wait long, or they may look for a "
    "way round the filter."
)
WHY_ALLOWS = (
    "An allow or temporary unblock is a deliberate gap in the filter: it should be reviewed when "
    "planned, and closed when no longer needed."
)


def _day(value: date | datetime) -> str:
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    return date_format(day, "j F Y")


def _finding(code: str, message: str, why: str, severity: str, url_name: str) -> Finding:
    return Finding(code, message, why, AREA, MODULE_AREA, severity, reverse(url_name))


def filtering_findings(provider: Any, now: datetime) -> list[Finding]:
    return [
        *_responsibility(provider),
        *_reviews(provider, now),
        *_tests(provider, now),
        *_requests(provider, now),
        *_allows(provider, now),
    ]


def _responsibility(provider: Any) -> Iterable[Finding]:
    named = responsibilities(provider)
    url = "filtering:responsibilities"
    if named.senior_leader is None:
        yield _finding(
            "no_senior_leader",
            "No senior leader is named as responsible for filtering and monitoring.",
            WHY_NAMED, Severity.RED, url,
        )  # fmt: skip
    if named.governor is None:
        yield _finding(
            "no_governor",
            "No governor is named as responsible for filtering and monitoring.",
            WHY_NAMED, Severity.RED, url,
        )  # fmt: skip
    if not named.filtering:
        yield _finding(
            "no_filtering_product", "The filtering system in use is not recorded.",
            WHY_PRODUCTS, Severity.AMBER, url,
        )  # fmt: skip
    if not named.monitoring:
        yield _finding(
            "no_monitoring_product", "The monitoring system in use is not recorded.",
            WHY_PRODUCTS, Severity.AMBER, url,
        )  # fmt: skip


def _reviews(provider: Any, now: datetime) -> Iterable[Finding]:
    today = timezone.localdate(now)
    last = last_signed_off(provider)
    due = review_due_on(provider)
    if last is None or (due is not None and due < today):
        since = (
            "has never been signed off"
            if last is None
            else f"was last signed off for the review of {_day(last.reviewed_on)}"
        )
        yield _finding(
            "review_overdue",
            f"The annual review of filtering and monitoring is overdue: it {since}.",
            WHY_REVIEW, Severity.RED, "filtering:reviews",
        )  # fmt: skip
    waiting = (
        Review.objects.for_provider(provider)
        .filter(status=ReviewStatus.AWAITING_SIGN_OFF)
        .defer("findings")
        .order_by("reviewed_on")
    )
    for review in waiting:
        yield Finding(
            "review_awaiting_sign_off",
            f"The filtering review of {_day(review.reviewed_on)} is awaiting a senior leader's "
            "sign-off.",
            WHY_SIGN_OFF, AREA, MODULE_AREA, Severity.AMBER,
            reverse("filtering:review_detail", kwargs={"pk": review.pk}),
        )  # fmt: skip
    if last is not None:
        missing = [label for key, label in ReviewItem.choices if key not in last.checklist]
        if missing:
            yield _finding(
                "review_incomplete",
                f"The last signed-off review ({_day(last.reviewed_on)}) did not cover: "
                f"{'; '.join(m.split(' (')[0].lower() for m in missing)}.",
                WHY_CHECKLIST, Severity.AMBER, "filtering:reviews",
            )  # fmt: skip


def _tests(provider: Any, now: datetime) -> Iterable[Finding]:
    days = settings_for(provider).test_interval_days
    last = last_run_at(provider)
    if last is None or (now - last).days > days:
        since = "No filter test has been recorded" if last is None else (
            f"No filter test has been recorded since {_day(last)}"
        )  # fmt: skip
        yield _finding(
            "tests_overdue", f"{since} (tests are due every {days} days).",
            WHY_TESTS, Severity.RED, "filtering:tests",
        )  # fmt: skip
    never = [c.device.name for c in coverage(provider, now) if c.never_tested]
    if never:
        yield _finding(
            "device_never_tested",
            f"Filtering has never been tested on: {', '.join(never)}.",
            WHY_DEVICES, Severity.AMBER, "filtering:tests",
        )  # fmt: skip
    for check in open_failures(provider):
        done = "followed up, " if check.followed_up_at else ""
        yield Finding(
            "failure_not_retested",
            f"A {check.test_url.category} test address was not blocked on "
            f"{check.device_type.name} on {_day(check.checked_at)}: {done}not yet re-tested.",
            WHY_FAILURE, AREA, MODULE_AREA, Severity.RED,
            reverse("filtering:run_detail", kwargs={"pk": check.run_id}),
        )  # fmt: skip


def _requests(provider: Any, now: datetime) -> Iterable[Finding]:
    late = waiting_too_long(provider, now)
    if late:
        limit = settings_for(provider).request_wait_school_days
        yield _finding(
            "requests_waiting",
            f"{len(late)} website unblock request{'s' if len(late) != 1 else ''} "
            f"{'have' if len(late) != 1 else 'has'} waited more than {limit} school days for a "
            f"decision (the oldest since {_day(late[0].created_at)}).",
            WHY_REQUESTS, Severity.AMBER, "filtering:requests",
        )  # fmt: skip


def _allows(provider: Any, now: datetime) -> Iterable[Finding]:
    overdue = list(past_review(provider, timezone.localdate(now)).only("review_on"))
    if overdue:
        count = len(overdue)
        oldest = overdue[0].review_on or timezone.localdate(now)
        yield Finding(
            "allow_past_review",
            f"{count} allow or unblock decision{'s are' if count != 1 else ' is'} past "
            f"{'their' if count != 1 else 'its'} review date (the oldest since {_day(oldest)}).",
            WHY_ALLOWS, AREA, MODULE_AREA, Severity.AMBER,
            reverse("filtering:decisions") + "?review=past",
        )  # fmt: skip
