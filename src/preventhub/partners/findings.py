"""The weaknesses of partnership working that the compliance view must show (issue 5, items
6-8), registered with ``core.findings`` as the source "partners" (compliance area
"partnership"). Messages name organisations and agreements, never people.

The rules (docs/partnerships.md explains them to users):

- intelligence shared in the last 12 months with no agreement in force that day (red), and a
  partner shared with in the last 12 months that has no agreement in force today (red);
- an agreement past its review date (red), due for review within 60 days (amber), recorded but
  not signed (amber), or signed with no copy stored (amber);
- a subcontractor with no assurance (red), assurance older than 12 months (amber), or latest
  assurance without confirmation of Prevent awareness (amber);
- no engagement with the police Prevent team, the local authority or DfE Prevent coordinator in
  the last 12 months (amber).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.partners.choices import PREVENT_PARTNER_KINDS, SHARING_KINDS, AgreementStatus
from preventhub.partners.models import Agreement, Engagement
from preventhub.partners.selectors import assurance_rows

AREA = ComplianceArea.PARTNERSHIP
LOOK_BACK_DAYS = 365

WHY_AGREEMENT = (
    "Ofsted found 11 of 37 providers sharing information with no written agreement: sharing "
    "without one risks an unlawful disclosure and leaves staff unsure what they may share."
)
WHY_REVIEW = "An agreement past its review may no longer match what is shared, or the law."
WHY_COPY = "Without the signed copy you cannot show what was agreed, or with whom."
WHY_ASSURANCE = (
    "Learners taught by a subcontractor are owed the same protection: the provider remains "
    "responsible for the duty across its subcontracted provision."
)
WHY_ENGAGEMENT = (
    "The survey found half the providers unaware of the support and intelligence Prevent "
    "partners offer; the strongest worked with them regularly."
)


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def partnership_findings(provider: Any, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    agreements = list(Agreement.objects.for_provider(provider).prefetch_related("partners"))
    shared = list(
        Engagement.objects.for_provider(provider)
        .filter(kind__in=SHARING_KINDS, occurred_on__gt=today - timedelta(days=LOOK_BACK_DAYS))
        .select_related("partner", "agreement")
        .defer("details")
        .order_by("occurred_on")
    )
    return [
        *_sharing(shared, agreements, today),
        *_agreements(agreements, today),
        *_assurance(provider, today),
        *_engagement(provider, today),
    ]


def _sharing(
    shared: list[Engagement], agreements: list[Agreement], today: date
) -> Iterable[Finding]:
    for entry in shared:
        agreement = entry.agreement
        if agreement is None or not agreement.in_force_on(entry.occurred_on):
            yield Finding(
                code="intelligence_shared_without_agreement",
                message=f"Intelligence was shared with {entry.partner.name} on "
                f"{_day(entry.occurred_on)} with no information-sharing agreement in force.",
                why=WHY_AGREEMENT,
                compliance_area=AREA,
                area="engagements",
                severity=Severity.RED,
                url=reverse("partners:engagement_detail", kwargs={"pk": entry.pk}),
            )
    in_force = {p.pk for a in agreements if a.in_force_on(today) for p in a.partners.all()}
    seen: set[Any] = set()
    for entry in shared:
        partner = entry.partner
        if partner.pk in in_force or partner.pk in seen:
            continue
        seen.add(partner.pk)
        yield Finding(
            code="partner_without_agreement",
            message=f"Intelligence is shared with {partner.name}, but no information-sharing "
            "agreement with them is in force.",
            why=WHY_AGREEMENT,
            compliance_area=AREA,
            area="agreements",
            severity=Severity.RED,
            url=reverse("partners:detail", kwargs={"pk": partner.pk}),
        )


def _agreements(agreements: list[Agreement], today: date) -> Iterable[Finding]:
    for agreement in agreements:
        url = reverse("partners:agreement_detail", kwargs={"pk": agreement.pk})
        status = agreement.status_on(today)
        if status == AgreementStatus.EXPIRED and agreement.review_on:
            yield Finding(
                "agreement_expired",
                f"The information-sharing agreement '{agreement.title}' passed its review date "
                f"on {_day(agreement.review_on)}.",
                WHY_REVIEW,
                AREA,
                "agreements",
                Severity.RED,
                url,
            )
        elif status == AgreementStatus.EXPIRING and agreement.review_on:
            yield Finding(
                "agreement_expiring",
                f"The information-sharing agreement '{agreement.title}' is due for review on "
                f"{_day(agreement.review_on)}.",
                WHY_REVIEW,
                AREA,
                "agreements",
                Severity.AMBER,
                url,
            )
        elif status == AgreementStatus.NOT_YET_SIGNED:
            yield Finding(
                "agreement_not_signed",
                f"The information-sharing agreement '{agreement.title}' is recorded but not "
                "signed.",
                WHY_AGREEMENT,
                AREA,
                "agreements",
                Severity.AMBER,
                url,
            )
        if agreement.signed_on is not None and not agreement.has_document:
            yield Finding(
                "agreement_without_document",
                f"No copy of the signed agreement '{agreement.title}' is stored.",
                WHY_COPY,
                AREA,
                "agreements",
                Severity.AMBER,
                url,
            )


def _assurance(provider: Any, today: date) -> Iterable[Finding]:
    for row in assurance_rows(provider, today):
        url = reverse("partners:detail", kwargs={"pk": row.partner.pk})
        name = row.partner.name
        if row.latest is None:
            yield Finding(
                "assurance_missing",
                f"No Prevent assurance is recorded for the subcontractor {name}.",
                WHY_ASSURANCE,
                AREA,
                "subcontractors",
                Severity.RED,
                url,
            )
            continue
        if row.overdue:
            yield Finding(
                "assurance_overdue",
                f"The Prevent assurance of the subcontractor {name} is more than 12 months old "
                f"(last checked {_day(row.latest.assured_on)}).",
                WHY_ASSURANCE,
                AREA,
                "subcontractors",
                Severity.AMBER,
                url,
            )
        if not row.latest.prevent_awareness_confirmed:
            yield Finding(
                "assurance_awareness_not_confirmed",
                f"The latest assurance of the subcontractor {name} did not confirm that its "
                "staff are aware of the Prevent duty.",
                WHY_ASSURANCE,
                AREA,
                "subcontractors",
                Severity.AMBER,
                url,
            )


def _engagement(provider: Any, today: date) -> Iterable[Finding]:
    recent = Engagement.objects.for_provider(provider).filter(
        partner__kind__in=PREVENT_PARTNER_KINDS,
        occurred_on__gt=today - timedelta(days=LOOK_BACK_DAYS),
    )
    if not recent.exists():
        yield Finding(
            "no_prevent_partner_engagement",
            "No engagement with the police Prevent team, the local authority or the DfE "
            "Prevent coordinator is recorded in the last 12 months.",
            WHY_ENGAGEMENT,
            AREA,
            "engagements",
            Severity.AMBER,
            reverse("partners:engagements"),
        )
