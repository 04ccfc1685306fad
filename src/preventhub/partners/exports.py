"""The partnership registers as CSV and XLSX (``policies.tabular`` writes the files).

The same FilterSets as the pages choose the rows; every download is audited. Exports never
carry encrypted text: not the details of engagements, not assurance evidence or notes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.partners.choices import AgreementStatus, AssuranceCheck, SpecialCondition
from preventhub.partners.filters import AgreementFilterSet, EngagementFilterSet, PartnerFilterSet
from preventhub.partners.models import Agreement, Engagement, Partner
from preventhub.partners.selectors import (
    AssuranceRow,
    agreements,
    assurance_rows,
    engagements,
    partners,
)
from preventhub.partners.services import export_recorded
from preventhub.partners.views import VIEW, ProviderRequest
from preventhub.policies.tabular import FORMATS, Table, download

PARTNER_HEADER = ["Name", "Kind", "Current", "Website", "Contacts", "Agreements in force"]
ENGAGEMENT_HEADER = [
    "Date", "Kind", "Partner", "Partner kind", "Summary", "Agreement",
    "Agreement in force that day", "Recorded by",
]  # fmt: skip
AGREEMENT_HEADER = [
    "Title", "Partners", "Scope", "Lawful basis (Art. 6)", "Special-category data",
    "Criminal offence data", "Art. 9 / 10 conditions", "Notes on the basis", "Signed",
    "Review", "Status", "Signed copy stored",
]  # fmt: skip
ASSURANCE_HEADER = [
    "Subcontractor", "Last checked", "Prevent awareness confirmed", "Checks done", "Next due",
    "Overdue",
]  # fmt: skip


def _join(values: Sequence[str]) -> str:
    return "; ".join(values)


def partner_rows(rows: Sequence[Partner], today: date) -> Iterator[list[Any]]:
    for partner in rows:
        contacts = [
            ", ".join(filter(None, [c.name, c.role, c.email, c.phone]))
            for c in partner.contacts.all()
        ]
        in_force = [a.title for a in partner.agreements.all() if a.in_force_on(today)]
        yield [
            partner.name,
            partner.get_kind_display(),
            partner.active,
            partner.website,
            _join(contacts),
            _join(in_force),
        ]


def engagement_rows(rows: Sequence[Engagement]) -> Iterator[list[Any]]:
    for entry in rows:
        agreement = entry.agreement
        yield [
            entry.occurred_on,
            entry.get_kind_display(),
            entry.partner.name,
            entry.partner.get_kind_display(),
            entry.summary,
            agreement.title if agreement else "",
            bool(agreement and agreement.in_force_on(entry.occurred_on)),
            entry.recorded_by_name,
        ]


def agreement_rows(rows: Sequence[Agreement], today: date) -> Iterator[list[Any]]:
    labels = dict(SpecialCondition.choices)
    for agreement in rows:
        yield [
            agreement.title,
            _join([p.name for p in agreement.partners.all()]),
            agreement.scope,
            agreement.get_lawful_basis_display(),
            agreement.special_category,
            agreement.criminal_offence,
            _join([str(labels.get(c, c)) for c in agreement.special_conditions]),
            agreement.basis_note,
            agreement.signed_on,
            agreement.review_on,
            AgreementStatus(agreement.status_on(today)).label,
            agreement.has_document,
        ]


def assurance_table_rows(rows: Sequence[AssuranceRow]) -> Iterator[list[Any]]:
    labels = dict(AssuranceCheck.choices)
    for row in rows:
        latest = row.latest
        yield [
            row.partner.name,
            latest.assured_on if latest else None,
            latest.prevent_awareness_confirmed if latest else None,
            _join([str(labels.get(c, c)) for c in latest.checks]) if latest else "",
            row.due_on,
            row.overdue,
        ]


def _filtered(request: ProviderRequest, register: str) -> tuple[Any, Table] | None:
    """The register's FilterSet (None for assurance) and its table; None if unknown."""
    provider = request.provider
    today = timezone.localdate()
    if register == "partners":
        fs = PartnerFilterSet(
            request.GET,
            queryset=partners(provider).prefetch_related("contacts", "agreements"),
            request=request,
        )
        rows = list(fs.qs) if fs.is_valid() else []
        return fs, Table("Partners", PARTNER_HEADER, partner_rows(rows, today))
    if register == "engagements":
        fs = EngagementFilterSet(request.GET, queryset=engagements(provider), request=request)
        rows = list(fs.qs) if fs.is_valid() else []
        return fs, Table("Engagement log", ENGAGEMENT_HEADER, engagement_rows(rows))
    if register == "agreements":
        fs = AgreementFilterSet(request.GET, queryset=agreements(provider), request=request)
        rows = list(fs.qs) if fs.is_valid() else []
        return fs, Table(
            "Information-sharing agreements", AGREEMENT_HEADER, agreement_rows(rows, today)
        )
    if register == "assurance":
        found = assurance_rows(provider, today)
        return None, Table("Subcontractor assurance", ASSURANCE_HEADER, assurance_table_rows(found))
    return None


LIST_URLS = {
    "partners": "partners:list",
    "engagements": "partners:engagements",
    "agreements": "partners:agreements",
    "assurance": "partners:assurance",
}


@requires(VIEW)
@require_GET
def export(request: ProviderRequest, register: str, fmt: str) -> HttpResponse:
    if register not in LIST_URLS or fmt not in FORMATS:
        raise Http404("No such download.")
    built = _filtered(request, register)
    if built is None:
        raise Http404("No such download.")
    filterset, table = built
    if filterset is not None and not filterset.is_valid():
        messages.error(request, "Correct the filters before downloading.")
        return redirect(f"{reverse(LIST_URLS[register])}?{request.GET.urlencode()}")
    rows = list(table.rows)
    export_recorded(
        actor=request.user,
        provider=request.provider,
        register=register,
        rows=len(rows),
        fmt=fmt,
        filters=filterset.used() if filterset is not None else {},
    )
    name = f"{register}-{request.provider.slug}-{timezone.localdate().isoformat()}"
    return download(Table(table.title, table.header, rows), fmt, name)
