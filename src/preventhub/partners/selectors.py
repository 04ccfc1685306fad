"""Reads of partnership working. Every read starts from the provider; a record of another
provider, or one that does not exist, answers 404."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from preventhub.core.models import Provider
from preventhub.partners.choices import PartnerKind
from preventhub.partners.models import (
    Agreement,
    Engagement,
    Partner,
    PartnerContact,
    SubcontractorAssurance,
)

ASSURANCE_VALID_DAYS = 365


def partners(provider: Provider | int) -> QuerySet[Partner]:
    return Partner.objects.for_provider(provider)


def agreements(provider: Provider | int) -> QuerySet[Agreement]:
    return Agreement.objects.for_provider(provider).prefetch_related(
        Prefetch("partners", Partner.unscoped.order_by("name"))
    )


def engagements(provider: Provider | int) -> QuerySet[Engagement]:
    """The log, newest first; the encrypted details are not decrypted for lists."""
    return (
        Engagement.objects.for_provider(provider)
        .select_related("partner", "agreement")
        .defer("details")
    )


def _one(rows: QuerySet[Any], pk: uuid.UUID | str, what: str) -> Any:
    """One row of ``rows`` by id, or 404 (a malformed id too)."""
    try:
        return rows.get(pk=pk)
    except (ValueError, ValidationError, ObjectDoesNotExist) as exc:
        raise Http404(f"No such {what}.") from exc


def get_partner(provider: Provider, pk: uuid.UUID | str) -> Partner:
    found: Partner = _one(partners(provider), pk, "partner")
    return found


def get_agreement(provider: Provider, pk: uuid.UUID | str) -> Agreement:
    found: Agreement = _one(agreements(provider), pk, "agreement")
    return found


def get_engagement(provider: Provider, pk: uuid.UUID | str) -> Engagement:
    rows = Engagement.objects.for_provider(provider).select_related("partner", "agreement")
    found: Engagement = _one(rows, pk, "engagement")
    return found


def get_contact(partner: Partner, pk: uuid.UUID | str) -> PartnerContact:
    rows = PartnerContact.objects.for_provider(partner.provider_id).filter(partner=partner)
    found: PartnerContact = _one(rows, pk, "contact")
    return found


def partner_by_id(provider: Provider, pk: Any, field: str) -> Partner:
    """A partner named by id in a form or an API body: unknown or another provider's is a
    validation error on ``field`` (the caller answers 422), never a leak of its existence."""
    try:
        found: Partner = partners(provider).get(pk=pk)
    except (ValueError, ValidationError, Partner.DoesNotExist) as exc:
        raise ValidationError({field: "No such partner in your directory."}) from exc
    return found


def agreement_by_id(provider: Provider, pk: Any, field: str = "agreement") -> Agreement:
    try:
        found: Agreement = Agreement.objects.for_provider(provider).get(pk=pk)
    except (ValueError, ValidationError, Agreement.DoesNotExist) as exc:
        raise ValidationError({field: "No such agreement."}) from exc
    return found


# --- subcontractor assurance ---------------------------------------------------------------


@dataclass(frozen=True)
class AssuranceRow:
    partner: Partner
    latest: SubcontractorAssurance | None
    overdue: bool

    @property
    def due_on(self) -> date | None:
        if self.latest is None:
            return None
        return self.latest.assured_on + timedelta(days=ASSURANCE_VALID_DAYS)


def assurance_overdue(latest: SubcontractorAssurance | None, today: date) -> bool:
    return latest is None or (today - latest.assured_on).days > ASSURANCE_VALID_DAYS


def assurance_rows(provider: Provider | int, today: date) -> list[AssuranceRow]:
    """Every active subcontractor with its latest assurance (two queries)."""
    subcontractors = list(
        partners(provider).filter(kind=PartnerKind.SUBCONTRACTOR, active=True).order_by("name")
    )
    latest: dict[uuid.UUID, SubcontractorAssurance] = {}
    for row in (
        SubcontractorAssurance.objects.for_provider(provider)
        .filter(partner__in=subcontractors)
        .order_by("partner_id", "assured_on", "created_at")
    ):
        latest[row.partner_id] = row
    return [
        AssuranceRow(p, latest.get(p.pk), assurance_overdue(latest.get(p.pk), today))
        for p in subcontractors
    ]


def assurances_of(partner: Partner) -> QuerySet[SubcontractorAssurance]:
    return SubcontractorAssurance.objects.for_provider(partner.provider_id).filter(partner=partner)
