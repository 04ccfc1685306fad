"""The daily IT report page: one day's attempts, failures, bypasses and alerts, and the trend
over the 30 days before it, as figures and charts (inline SVG, a table behind each chart)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.online_safety.reports_selectors import (
    DailyReport,
    TrendDay,
    daily_report_for,
    parse_report_date,
)
from preventhub.online_safety.reports_services import report_record_read

TREND_LABEL_EVERY = 7  # label every 7th column under the trend chart (30 do not fit a phone)


class ProviderRequest(HttpRequest):
    provider: Provider


def _row(label: str, value: int) -> ChartRow:
    return ChartRow(label, value, f"{value:,}", f"{value:,}")


def _trend_row(index: int, total: int, t: TrendDay) -> ChartRow:
    labelled = (total - 1 - index) % TREND_LABEL_EVERY == 0
    return ChartRow(
        date_format(t.day, "l j F Y"),
        t.blocked,
        f"{t.blocked:,}",
        " ",  # values are in the table; thirty numbers above the columns would overlap
        date_format(t.day, "j M") if labelled else " ",
    )


def charts_for(report: DailyReport) -> dict[str, Chart]:
    day = date_format(report.day, "j F Y")
    return {
        "categories": Chart(
            "chart-categories",
            "Attempts by category",
            f"Requests on {day} to sites in each category on the lists (blocked or not).",
            [_row(r.label, r.value) for r in report.categories],
            "Category",
            "Attempts",
            empty="No request matched a category list on this day.",
        ),
        "severities": Chart(
            "chart-severities",
            "Flagged requests by severity",
            f"Requests flagged on {day}, by the severity of the list or keyword they matched.",
            [_row(r.label, r.value) for r in report.severities]
            if any(r.value for r in report.severities)
            else [],
            "Severity",
            "Flagged requests",
            empty="Nothing was flagged on this day.",
        ),
        "domains": Chart(
            "chart-domains",
            "Most attempted blocked sites",
            f"The sites the filter blocked most often on {day}.",
            [_row(r.label, r.value) for r in report.blocked_domains],
            "Site",
            "Blocked attempts",
            empty="The filter blocked nothing on this day.",
        ),
        "trend": Chart(
            "chart-trend",
            "Blocked attempts over 30 days",
            f"Requests the filter blocked on each of the 30 days up to {day}.",
            [_trend_row(i, len(report.trend), t) for i, t in enumerate(report.trend)]
            if any(t.blocked for t in report.trend)
            else [],
            "Day",
            "Blocked attempts",
            empty="The filter blocked nothing in these 30 days.",
        ),
    }


@requires("online_safety.view_daily_report")
@require_GET
def daily_report(request: ProviderRequest) -> HttpResponse:
    """The report for ``?date=`` (default yesterday). Each reader's first opening of each
    day's report is recorded; a malformed or future date answers 422 with the reason."""
    today = timezone.localdate()
    try:
        day = parse_report_date(request.GET.get("date"), today)
    except ValidationError as exc:
        context: dict[str, Any] = {
            "error": exc.message_dict["date"][0],
            "given": request.GET.get("date", "")[:40],
            "yesterday": today - timedelta(days=1),
        }
        return render(request, "online_safety/reports/daily.html", context, status=422)
    report = daily_report_for(request.provider, day)
    report_record_read(user=request.user, provider=request.provider, day=day)
    context = {
        "report": report,
        "charts": charts_for(report),
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1) if day < today else None,
        "can_drill": request.user.has_perm(
            "online_safety.view_identity_activity", request.provider
        ),
        "can_see_alerts": request.user.has_perm("online_safety.view_alerts", request.provider),
        "can_share": request.user.has_perm("online_safety.share_with_police", request.provider),
    }
    return render(request, "online_safety/reports/daily.html", context)
