"""The gaps in the policy register the compliance view must show (issue 5, item 9),
registered with ``core.findings`` as the source "policies" (compliance area "leadership").

Only published policies count: a draft is not yet a policy anyone follows.

- a required policy type (choices.REQUIRED_TYPES) with no published policy (red);
- an IT acceptable use / e-safety policy that does not refer to Prevent explicitly (red), and
  a safeguarding or external speakers policy that does not (amber) — "refers" is the owner's
  answer when given, otherwise what reading its document found;
- a review date passed (amber);
- a published policy with no document stored (amber).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.policies.choices import (
    MUST_REFER_TO_PREVENT,
    REQUIRED_TYPES,
    SHOULD_REFER_TO_PREVENT,
    PolicyStatus,
    PolicyType,
)
from preventhub.policies.models import Policy

AREA = ComplianceArea.LEADERSHIP

WHY_MISSING = (
    "Inspectors read the policies the duty touches; without this one staff have no agreed way "
    "to act, and leaders cannot show the duty is embedded."
)
WHY_IT = (
    "Ofsted found 11 of 37 IT policies never mentioned Prevent, and in those providers learners "
    "could reach extremist content: the IT policy must refer to the duty explicitly."
)
WHY_REFER = (
    "Prevent sits inside safeguarding: a policy that never names it leaves staff unsure that "
    "radicalisation is a safeguarding concern to report."
)
WHY_REVIEW = "A policy past its review date may no longer match the law, guidance or practice."
WHY_DOCUMENT = "Without the document, staff cannot read the policy and inspectors cannot see it."


def _how(policy: Policy) -> str:
    if policy.refers_to_prevent:
        return "recorded by its owner"
    if policy.prevent_detected is None:
        return "no document has been read"
    if not policy.text_readable:
        return "its document's text could not be read"
    return "no Prevent reference was found in its document"


def _in_sentence(label: str) -> str:
    """ "Staff code of conduct" -> "staff code of conduct"; "IT acceptable use" stays."""
    first = label.split()[0]
    return label if first.isupper() else label[0].lower() + label[1:]


def policy_findings(provider: Any, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    published = list(Policy.objects.for_provider(provider).filter(status=PolicyStatus.PUBLISHED))
    return [*_missing(published), *_prevent(published), *_upkeep(published, today)]


def _missing(published: list[Policy]) -> Iterable[Finding]:
    have = {p.policy_type for p in published}
    for kind in REQUIRED_TYPES:
        if kind not in have:
            yield Finding(
                "missing_policy_type",
                f"There is no published {_in_sentence(PolicyType(kind).label)} policy.",
                WHY_MISSING,
                AREA,
                kind,
                Severity.RED,
                reverse("policies:list"),
            )


def _prevent(published: list[Policy]) -> Iterable[Finding]:
    for policy in published:
        if policy.refers_effectively:
            continue
        url = reverse("policies:detail", kwargs={"pk": policy.pk})
        if policy.policy_type in MUST_REFER_TO_PREVENT:
            yield Finding(
                "it_policy_without_prevent",
                f"The IT policy '{policy.title}' does not refer to Prevent explicitly "
                f"({_how(policy)}).",
                WHY_IT,
                AREA,
                policy.policy_type,
                Severity.RED,
                url,
            )
        elif policy.policy_type in SHOULD_REFER_TO_PREVENT:
            yield Finding(
                "policy_without_prevent",
                f"The policy '{policy.title}' does not refer to Prevent explicitly "
                f"({_how(policy)}).",
                WHY_REFER,
                AREA,
                policy.policy_type,
                Severity.AMBER,
                url,
            )


def _upkeep(published: list[Policy], today: Any) -> Iterable[Finding]:
    for policy in published:
        url = reverse("policies:detail", kwargs={"pk": policy.pk})
        if policy.review_overdue(today) and policy.review_on:
            yield Finding(
                "policy_review_overdue",
                f"The policy '{policy.title}' was due for review on "
                f"{policy.review_on.day} {policy.review_on:%B %Y}.",
                WHY_REVIEW,
                AREA,
                policy.policy_type,
                Severity.AMBER,
                url,
            )
        if not policy.has_document:
            yield Finding(
                "policy_without_document",
                f"No document is stored for the published policy '{policy.title}'.",
                WHY_DOCUMENT,
                AREA,
                policy.policy_type,
                Severity.AMBER,
                url,
            )
