"""Audit trail pages: the provider's events, one event in full, verify, and CSV export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from preventhub.audit.exports import csv_lines
from preventhub.audit.filters import AuditEventFilter
from preventhub.audit.models import AuditEvent
from preventhub.audit.selectors import (
    VIEW_TRAIL,
    audit_events_for_user,
    get_audit_event_for_user,
)
from preventhub.audit.services import audit_chain_verify, audit_export_recorded
from preventhub.core.access import requires
from preventhub.core.models import Provider

PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    # ``requires`` has already refused requests with no provider.
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx request for the table; a history restore needs the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def _filtered(request: HttpRequest, *, offer_choices: bool = False) -> AuditEventFilter:
    events = audit_events_for_user(request.user, _provider(request))
    return AuditEventFilter(request.GET, queryset=events, offer_choices=offer_choices)


def _results(filterset: AuditEventFilter) -> QuerySet[AuditEvent]:
    """Invalid filters show their errors and no rows, never the unfiltered trail."""
    events: QuerySet[AuditEvent] = filterset.qs
    return events if filterset.is_valid() else events.none()


def _up_to_now(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Fix the export to the rows that exist now, so the count recorded is the count sent."""
    newest = events.values_list("seq", flat=True).first()
    return events.filter(seq__lte=newest) if newest is not None else events.none()


@requires(VIEW_TRAIL)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    partial = _wants_partial(request)
    # The table partial has no filter form, so it needs no lists of values to choose from.
    filterset = _filtered(request, offer_choices=not partial)
    page = Paginator(_results(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "audit/partials/event_table.html" if partial else "audit/list.html"
    response = render(request, template, {"filter": filterset, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(VIEW_TRAIL)
@require_GET
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_audit_event_for_user(request.user, _provider(request), seq)
    detail_json = json.dumps(event.detail, indent=2, sort_keys=True)
    return render(request, "audit/detail.html", {"event": event, "detail_json": detail_json})


@requires(VIEW_TRAIL)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    result = audit_chain_verify(actor=request.user, provider_id=_provider(request).pk)
    if result.ok:
        messages.success(request, f"Verified: {result.message}.")
    else:
        messages.error(request, f"The audit trail has been tampered with: {result.message}.")
    return redirect("audit:list")


@requires(VIEW_TRAIL)
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    if not filterset.is_valid():
        messages.error(request, "Correct the filters before exporting.")
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    events = _up_to_now(_results(filterset))
    provider = _provider(request)
    audit_export_recorded(
        actor=request.user, provider_id=provider.pk, rows=events.count(), filters=filterset.used()
    )
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{provider.slug}-{stamp}.csv"'
    # Streamed so a long trail never sits in memory; ``requires`` types views as returning
    # HttpResponse, which StreamingHttpResponse is not (both are HttpResponseBase).
    return response  # type: ignore[return-value]
