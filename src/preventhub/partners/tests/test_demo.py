"""Partnerships and policies in the demo: the stories the findings must show, told through the
services (audited), and a re-run adds nothing. The demo college and its users are made as
``seed_demo`` makes them; the other modules' stories are left out (they are tested with them)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.demo.partners import ENGAGEMENTS, PARTNERS, seed_partners
from preventhub.core.demo.policies import POLICIES, seed_policies
from preventhub.core.demo.seed import SIZES, SeedReport, college_plan, ensure_group, seed_provider
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.partners.models import Agreement, Engagement, Partner, SubcontractorAssurance
from preventhub.policies.models import Acknowledgement, Policy
from preventhub.policies.selectors import to_acknowledge

pytestmark = pytest.mark.django_db(transaction=False)


def counts(college: Provider) -> tuple[int, ...]:
    return (
        Partner.objects.for_provider(college).count(),
        Agreement.objects.for_provider(college).count(),
        Engagement.objects.for_provider(college).count(),
        SubcontractorAssurance.objects.for_provider(college).count(),
        Policy.objects.for_provider(college).count(),
        Acknowledgement.objects.for_provider(college).count(),
    )


def demo_college() -> Provider:
    report = SeedReport(size="small", created=Counter())
    group = ensure_group(report)
    plan = college_plan(SIZES["small"])
    return seed_provider(report, plan, group, seed=2015, today=timezone.localdate())


def test_the_demo_shows_each_partnership_and_policy_finding_once() -> None:
    college = demo_college()
    assert seed_partners(college) == len(PARTNERS) + 2 + len(ENGAGEMENTS) + 2
    assert seed_policies(college) == len(POLICIES) + 13
    assert counts(college) == (len(PARTNERS), 2, len(ENGAGEMENTS), 2, len(POLICIES), 13)
    partnership = {f.code for f in findings_for(college, only=["partners"])}
    assert partnership == {
        "intelligence_shared_without_agreement",
        "partner_without_agreement",
        "agreement_expiring",
        "assurance_overdue",
    }
    policies = list(findings_for(college, only=["policies"]))
    assert {f.code for f in policies} == {
        "missing_policy_type",
        "it_policy_without_prevent",
        "policy_review_overdue",
    }
    assert [f.area for f in policies if f.code == "missing_policy_type"] == ["complaints"]
    safeguarding = Policy.objects.for_provider(college).get(policy_type="safeguarding")
    assert safeguarding.document_name.endswith(".docx")
    assert safeguarding.prevent_detected is True
    staff = User.objects.get(username="staff")
    assert to_acknowledge(staff, college).count() == 2

    assert seed_partners(college) == 0
    assert seed_policies(college) == 0
    assert counts(college) == (len(PARTNERS), 2, len(ENGAGEMENTS), 2, len(POLICIES), 13)
