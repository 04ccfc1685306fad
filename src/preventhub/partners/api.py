"""Partnerships API, mounted at /partners: the directory, the engagement log, agreements (with
their signed copy by multipart upload), subcontractor assurance and the findings.

Lists take the same filters as the pages (one FilterSet each). Governors and inspectors read
everything except the encrypted details of engagements (null for them). A partner or agreement
id of another provider in a body answers 422 ("no such partner"), in a path 404.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Status, UploadedFile
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.audit.services import audit_record
from preventhub.core.findings import Finding, findings_for
from preventhub.core.models import Provider
from preventhub.partners.filters import AgreementFilterSet, EngagementFilterSet, PartnerFilterSet
from preventhub.partners.models import Agreement, Engagement, Partner
from preventhub.partners.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPageOut,
    AgreementStatusKey,
    AssuranceOut,
    EngagementIn,
    EngagementKindKey,
    EngagementOut,
    EngagementPageOut,
    FindingsOut,
    LawfulBasisKey,
    PartnerIn,
    PartnerKindKey,
    PartnerOut,
    PartnerPageOut,
)
from preventhub.partners.selectors import (
    agreement_by_id,
    agreements,
    assurance_rows,
    engagements,
    get_agreement,
    partner_by_id,
    partners,
)
from preventhub.partners.services import (
    agreement_create,
    agreement_update,
    engagement_record,
    partner_create,
)
from preventhub.policies.documents import check_document

router = Router(tags=["partners"])
PAGE_SIZE = 50
DETAILS = "partners.view_engagement_details"


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _filtered(
    filterset_class: Any, request: HttpRequest, rows: QuerySet[Any], **filters: Any
) -> Any:
    data = {key: str(value) for key, value in filters.items() if value not in (None, "")}
    filterset = filterset_class(data, queryset=rows, request=request)
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise HttpError(422, "; ".join(problems))
    return filterset.qs


def _page(rows: QuerySet[Any], page: int, shape: Any) -> dict[str, Any]:
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    paginator = Paginator(rows, PAGE_SIZE)
    results = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [shape(r) for r in results],
    }


# --- partners ------------------------------------------------------------------------------


def partner_out(partner: Partner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "active": partner.active,
        "description": partner.description,
        "website": partner.website,
        "contacts": [
            {"id": c.pk, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
            for c in partner.contacts.all()
        ],
    }


@router.get("", response=PartnerPageOut, summary="The partner directory (50 a page)")
@api_requires("partners.view")
def list_partners(
    request: HttpRequest,
    q: str = "",
    kind: PartnerKindKey | None = None,
    active: bool | None = None,
    page: int = 1,
) -> dict[str, Any]:
    rows = partners(_provider(request)).prefetch_related("contacts")
    flag = None if active is None else ("yes" if active else "no")
    found = _filtered(PartnerFilterSet, request, rows, q=q, kind=kind, active=flag)
    return _page(found, page, partner_out)


@router.post("", response={201: PartnerOut}, summary="Add a partner (409 if the name exists)")
@api_requires("partners.manage")
def create_partner(request: HttpRequest, payload: PartnerIn) -> Status[dict[str, Any]]:
    partner = partner_create(
        actor=request.user,
        provider=_provider(request),
        name=payload.name,
        kind=payload.kind,
        description=payload.description,
        website=payload.website,
    )
    return Status(201, partner_out(partner))


# --- engagements ---------------------------------------------------------------------------


def _engagement_shape(details: bool) -> Any:
    def shape(entry: Engagement) -> dict[str, Any]:
        agreement = entry.agreement
        return {
            "id": entry.pk,
            "occurred_on": entry.occurred_on,
            "kind": entry.kind,
            "partner_id": entry.partner_id,
            "partner": entry.partner.name,
            "agreement_id": agreement.pk if agreement else None,
            "agreement": agreement.title if agreement else None,
            "agreement_in_force": bool(agreement and agreement.in_force_on(entry.occurred_on)),
            "summary": entry.summary,
            "details": entry.details if details else None,
            "recorded_by": entry.recorded_by_name,
        }

    return shape


@router.get(
    "/engagements",
    response=EngagementPageOut,
    summary="The engagement log, newest first (details for the managers only)",
)
@api_requires("partners.view")
def list_engagements(
    request: HttpRequest,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: EngagementKindKey | None = None,
    partner: uuid.UUID | None = None,
    agreement: bool | None = None,
    page: int = 1,
) -> dict[str, Any]:
    provider = _provider(request)
    details = bool(request.user.has_perm(DETAILS, provider))
    rows = engagements(provider)
    if details:
        rows = Engagement.objects.for_provider(provider).select_related("partner", "agreement")
    flag = None if agreement is None else ("yes" if agreement else "no")
    found = _filtered(
        EngagementFilterSet,
        request,
        rows,
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        partner=partner,
        agreement=flag,
    )
    result = _page(found, page, _engagement_shape(details))
    if details and result["results"]:
        audit_record(
            actor=request.user,
            action="view",
            object_type="partners.engagement",
            provider_id=provider.pk,
            detail={"part": "list", "count": len(result["results"]), "narrative_shown": True},
        )
    return result


@router.post(
    "/engagements",
    response={201: EngagementOut, 200: EngagementOut},
    summary="Log an engagement (200 with the first entry when the idempotency key repeats)",
)
@api_requires("partners.manage")
def create_engagement(request: HttpRequest, payload: EngagementIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    partner = partner_by_id(provider, payload.partner_id, "partner_id")
    agreement = (
        agreement_by_id(provider, payload.agreement_id, "agreement_id")
        if payload.agreement_id
        else None
    )
    entry, created = engagement_record(
        actor=request.user,
        provider=provider,
        occurred_on=payload.occurred_on,
        kind=payload.kind,
        partner=partner,
        agreement=agreement,
        summary=payload.summary,
        details=payload.details,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key"),
    )
    return Status(201 if created else 200, _engagement_shape(True)(entry))


# --- agreements ----------------------------------------------------------------------------


def agreement_out(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "partners": [
            {"id": p.pk, "name": p.name, "kind": p.kind} for p in agreement.partners.all()
        ],
        "scope": agreement.scope,
        "lawful_basis": agreement.lawful_basis,
        "special_category": agreement.special_category,
        "criminal_offence": agreement.criminal_offence,
        "special_conditions": agreement.special_conditions,
        "basis_note": agreement.basis_note,
        "signed_on": agreement.signed_on,
        "review_on": agreement.review_on,
        "status": agreement.status_on(timezone.localdate()),
        "document_name": agreement.document_name or None,
    }


@router.get("/agreements", response=AgreementPageOut, summary="Information-sharing agreements")
@api_requires("partners.view")
def list_agreements(
    request: HttpRequest,
    q: str = "",
    status: AgreementStatusKey | None = None,
    lawful_basis: LawfulBasisKey | None = None,
    partner: uuid.UUID | None = None,
    page: int = 1,
) -> dict[str, Any]:
    rows = agreements(_provider(request))
    found = _filtered(
        AgreementFilterSet,
        request,
        rows,
        q=q,
        status=status,
        lawful_basis=lawful_basis,
        partner=partner,
    )
    return _page(found, page, agreement_out)


def _agreement_values(payload: AgreementIn) -> dict[str, Any]:
    return {
        "title": payload.title,
        "scope": payload.scope,
        "lawful_basis": payload.lawful_basis,
        "special_category": payload.special_category,
        "criminal_offence": payload.criminal_offence,
        "special_conditions": list(payload.special_conditions),
        "basis_note": payload.basis_note,
        "signed_on": payload.signed_on,
        "review_on": payload.review_on,
    }


@router.post(
    "/agreements",
    response={201: AgreementOut},
    summary="Record an information-sharing agreement (its signed copy: POST .../document)",
)
@api_requires("partners.manage")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    parties = [partner_by_id(provider, pk, "partner_ids") for pk in payload.partner_ids]
    agreement = agreement_create(
        actor=request.user, provider=provider, partners=parties, **_agreement_values(payload)
    )
    return Status(201, agreement_out(get_agreement(provider, agreement.pk)))


@router.post(
    "/agreements/{agreement_id}/document",
    response=AgreementOut,
    summary="Upload the signed copy (multipart `file`: PDF, DOCX or TXT; replaces any earlier)",
)
@api_requires("partners.manage")
def upload_agreement_document(
    request: HttpRequest, agreement_id: uuid.UUID, file: File[UploadedFile | None] = None
) -> dict[str, Any]:
    provider = _provider(request)
    agreement = get_agreement(provider, agreement_id)
    if file is None:
        raise HttpError(422, "file: attach the signed copy as the multipart field `file`.")
    checked = check_document(file)
    values = {
        "title": agreement.title,
        "scope": agreement.scope,
        "lawful_basis": agreement.lawful_basis,
        "special_category": agreement.special_category,
        "criminal_offence": agreement.criminal_offence,
        "special_conditions": agreement.special_conditions,
        "basis_note": agreement.basis_note,
        "signed_on": agreement.signed_on,
        "review_on": agreement.review_on,
    }
    with transaction.atomic():
        agreement_update(
            actor=request.user,
            agreement=agreement,
            partners=list(agreement.partners.all()),
            document=checked,
            **values,
        )
    return agreement_out(get_agreement(provider, agreement.pk))


# --- assurance and findings ----------------------------------------------------------------


@router.get(
    "/assurance",
    response=list[AssuranceOut],
    summary="Every current subcontractor with its latest Prevent assurance",
)
@api_requires("partners.view")
def list_assurance(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "partner_id": row.partner.pk,
            "partner": row.partner.name,
            "assured_on": row.latest.assured_on if row.latest else None,
            "prevent_awareness_confirmed": row.latest.prevent_awareness_confirmed
            if row.latest
            else None,
            "checks": row.latest.checks if row.latest else [],
            "due_on": row.due_on,
            "overdue": row.overdue,
        }
        for row in assurance_rows(_provider(request), timezone.localdate())
    ]


def findings_out(found: list[Finding]) -> dict[str, Any]:
    return {"count": len(found), "findings": [f.as_dict() for f in found]}


@router.get(
    "/findings",
    response=FindingsOut,
    summary="Weaknesses of partnership working (compliance area 'partnership'), red first",
)
@api_requires("partners.view")
def partnership_findings(request: HttpRequest) -> dict[str, Any]:
    return findings_out(findings_for(_provider(request), only=["partners"]))
