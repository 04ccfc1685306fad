"""Compliance API, mounted at /api/v1: ``GET /compliance/summary`` (each of the seven areas
with its status and findings) and ``GET /evidence-pack.pdf`` (the evidence pack as a PDF;
``/evidence-pack.html`` for the HTML). Readers: senior leaders, the safeguarding team,
governors and inspectors; anyone else is refused (403)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from preventhub.api.access import api_requires
from preventhub.compliance.pack import pack_context
from preventhub.compliance.permissions import EVIDENCE_PACK, VIEW_SUMMARY
from preventhub.compliance.render import pack_html, pack_recorded, to_pdf
from preventhub.compliance.schemas import AreaSummaryOut
from preventhub.compliance.status import area_statuses
from preventhub.core.models import Provider

router = Router(tags=["compliance"])


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


@router.get(
    "/compliance/summary",
    response=list[AreaSummaryOut],
    summary="Status (green, amber, red) and findings of each of the seven DfE areas",
    description=(
        "Red when any finding must be fixed, amber when any should be, green when there is "
        "none. An area with no evidence recorded has findings saying what is missing, so a "
        "provider with no data is red everywhere."
    ),
)
@api_requires(VIEW_SUMMARY)
def compliance_summary(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"area": s.area, "status": s.status, "findings": [f.as_dict() for f in s.findings]}
        for s in area_statuses(_provider(request))
    ]


@router.get(
    "/evidence-pack.pdf",
    summary="The evidence pack as an A4 PDF (no personal data about concern subjects)",
    response={200: None},
    openapi_extra={"responses": {"200": {"content": {"application/pdf": {}}}}},
)
@api_requires(EVIDENCE_PACK)
def evidence_pack_pdf(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    pdf = to_pdf(pack_html(pack_context(provider)))
    pack_recorded(actor=request.user, provider=provider, fmt="pdf", via="api")
    response = HttpResponse(pdf.content, content_type="application/pdf")
    name = f"prevent-evidence-pack-{provider.slug}-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/evidence-pack.html",
    summary="The evidence pack as one HTML document",
    response={200: None},
    openapi_extra={"responses": {"200": {"content": {"text/html": {}}}}},
)
@api_requires(EVIDENCE_PACK)
def evidence_pack_html(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    html = pack_html(pack_context(provider))
    pack_recorded(actor=request.user, provider=provider, fmt="html", via="api")
    return HttpResponse(html, content_type="text/html; charset=utf-8")
