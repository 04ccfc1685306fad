"""Pages for ingesting web-filter logs: the upload (IT manager), the ingestion history and one
ingestion's result with its rejected lines by reason. The work is ``ingest.ingest_stream``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from preventhub.audit.services import audit_record
from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.online_safety.choices import IngestVia
from preventhub.online_safety.ingest import IngestError, ingest_stream
from preventhub.online_safety.ingest_forms import UploadForm, max_upload_bytes
from preventhub.online_safety.ingest_selectors import (
    get_ingestion_for_user,
    ingestions_for_user,
    requests_per_day,
)
from preventhub.online_safety.parsers import REASONS

PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


@requires("online_safety.view_ingestions")
@require_GET
def ingestion_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    page = Paginator(ingestions_for_user(request.user, provider), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "page": page,
        "chart": _per_day_chart(provider),
        "can_upload": request.user.has_perm("online_safety.ingest_logs", provider),
    }
    return render(request, "online_safety/ingest/list.html", context)


def _per_day_chart(provider: Provider) -> Chart:
    days = requests_per_day(provider)
    top = max((n for _, n in days), default=0)
    rows = [
        ChartRow(
            label=day.strftime("%A %d %B"),
            value=n,
            display=f"{n:,}",
            short=_short(n),
            axis=day.strftime("%d"),
            axis_note=day.strftime("%b") if i == 0 or day.day == 1 else "",
        )
        for i, (day, n) in enumerate(days)
    ]
    return Chart(
        "chart-requests",
        "Requests logged each day",
        "Web requests stored from every log source over the last 14 days; a school day at 0 "
        "means monitoring stopped.",
        rows if top else [],
        "Day",
        value_heading="Requests",
        empty="Nothing was ingested in the last 14 days.",
    )


def _short(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 1_000:
        return f"{n // 1_000}k"
    return str(n)


@requires("online_safety.view_ingestions")
@require_GET
def ingestion_detail(request: ProviderRequest, pk: Any) -> HttpResponse:
    ingestion = get_ingestion_for_user(request.user, request.provider, pk)
    # Rejected lines are raw log lines (user names, URLs): reading them is audited.
    audit_record(actor=request.user, action="view", obj=ingestion, detail={"part": "rejects"})
    reasons = [
        {
            "key": key,
            "label": REASONS.get(key, key),
            "count": count,
            "samples": (ingestion.reject_samples or {}).get(key, []),
        }
        for key, count in sorted(
            (ingestion.rejects_by_reason or {}).items(), key=lambda item: -item[1]
        )
    ]
    return render(
        request,
        "online_safety/ingest/detail.html",
        {
            "ingestion": ingestion,
            "reasons": reasons,
            "can_see_alerts": request.user.has_perm("online_safety.view_alerts", request.provider),
        },
    )


@requires("online_safety.ingest_logs")
@require_http_methods(["GET", "POST"])
def upload(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    form = UploadForm(request.POST or None, request.FILES or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload_file = data["file"]
        try:
            result = ingest_stream(
                actor=request.user,
                source=data["source"],
                stream=upload_file,
                file_name=upload_file.name or "upload.log",
                via=IngestVia.UPLOAD,
                log_format=data["log_format"] or None,
            )
        except IngestError as exc:
            form.add_error("file", str(exc))
        else:
            if result.already_ingested:
                messages.info(request, "This file was ingested before: nothing was added.")
            else:
                messages.success(request, "The log was ingested.")
            return redirect("online_safety:ingestion_detail", pk=result.ingestion.pk)
    context = {"form": form, "max_mb": max_upload_bytes() // (1024 * 1024)}
    return render(request, "online_safety/ingest/upload.html", context)
