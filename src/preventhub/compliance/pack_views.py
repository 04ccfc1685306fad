"""The evidence pack (page, HTML document, PDF) and the termly governor reports."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from preventhub.compliance import permissions as perms
from preventhub.compliance.dashboards import url_of
from preventhub.compliance.governor_report import (
    governor_report_make,
    governor_report_record_view,
    governor_report_send,
    term_period,
)
from preventhub.compliance.models import GovernorReport
from preventhub.compliance.pack import SECTIONS, pack_context
from preventhub.compliance.render import pack_html, pack_recorded, to_pdf
from preventhub.compliance.views import ProviderRequest
from preventhub.core.access import requires


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def pack_filename(request: ProviderRequest) -> str:
    return f"prevent-evidence-pack-{request.provider.slug}-{timezone.localdate().isoformat()}.pdf"


# The registers behind the pack, read-only for an inspector: (label, URL name, permission).
REGISTERS = (
    ("Speaker and events register", "speakers:register", "speakers.view_register"),
    ("Risk register and action plan", "risk:register", "risk.view_assessment"),
    ("Policies", "policies:list", "policies.view_register"),
    ("Partners, engagements and agreements", "partners:overview", "partners.view"),
    ("Training coverage", "training:dashboard", "training.view_figures"),
    ("Faith and reflection rooms", "premises:overview", "premises.view_register"),
    ("Curriculum coverage", "curriculum:coverage", "curriculum.view_coverage"),
    ("Filtering governance", "filtering:overview", "filtering.view_governance"),
    ("Concern statistics (anonymised)", "concerns:statistics", "concerns.view_statistics"),
)


@requires(perms.EVIDENCE_PACK)
@require_GET
def pack_page(request: ProviderRequest) -> HttpResponse:
    registers = [
        (label, url_of(name))
        for label, name, perm in REGISTERS
        if request.user.has_perm(perm, request.provider) and url_of(name)
    ]
    return render(
        request, "compliance/pack_page.html", {"sections": SECTIONS, "registers": registers}
    )


@requires(perms.EVIDENCE_PACK)
@require_GET
def pack_document(request: ProviderRequest) -> HttpResponse:
    context = pack_context(request.provider) | {
        "for_browser": True,
        "pdf_url": reverse("compliance:pack_pdf"),
        "back_url": reverse("compliance:pack"),
    }
    pack_recorded(actor=request.user, provider=request.provider, fmt="html")
    response = HttpResponse(pack_html(context))
    response["Cache-Control"] = "no-store"
    return response


@requires(perms.EVIDENCE_PACK)
@require_GET
def pack_pdf(request: ProviderRequest) -> HttpResponse:
    pdf = to_pdf(pack_html(pack_context(request.provider)))
    pack_recorded(actor=request.user, provider=request.provider, fmt="pdf")
    return pdf_response(pdf.content, pack_filename(request))


@requires(perms.GOVERNOR_REPORTS)
@require_GET
def governor_reports(request: ProviderRequest) -> HttpResponse:
    reports = GovernorReport.objects.for_provider(request.provider).defer("pdf")
    context = {
        "reports": reports,
        "term": term_period(timezone.localdate()),
        "can_make": request.user.has_perm(perms.MAKE_GOVERNOR_REPORT, request.provider),
    }
    return render(request, "compliance/governor_reports.html", context)


@requires(perms.MAKE_GOVERNOR_REPORT)
@require_POST
def governor_report_now(request: ProviderRequest) -> HttpResponse:
    made = governor_report_make(actor=request.user, provider=request.provider)
    told = governor_report_send(actor=request.user, report=made.report)
    if made.created:
        messages.success(
            request,
            f"The {made.report.term_label} report is made; {told} "
            f"governor{'s were' if told != 1 else ' was'} told.",
        )
    else:
        messages.success(request, f"The {made.report.term_label} report was already made.")
    return redirect("compliance:governor_reports")


@requires(perms.GOVERNOR_REPORTS)
@require_GET
def governor_report(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    try:
        report = GovernorReport.objects.for_provider(request.provider).get(pk=pk)
    except (GovernorReport.DoesNotExist, ValueError) as exc:
        raise Http404("No such report.") from exc
    governor_report_record_view(actor=request.user, report=report)
    name = f"prevent-governor-report-{request.provider.slug}-{report.term_start.isoformat()}.pdf"
    return pdf_response(bytes(report.pdf), name)
