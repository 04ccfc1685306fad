"""One identity's activity for the safeguarding team: who it is (if linked), its alerts and
flagged events, its requests hour by hour and its most visited sites (audited)."""

from __future__ import annotations

import uuid
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
from preventhub.online_safety.drilldown import (
    MAX_DAYS,
    Activity,
    identity_activity,
    identity_record_view,
    parse_period,
)
from preventhub.online_safety.triage_selectors import (
    get_identity_for_user,
    identity_shown,
    theme_label,
    theme_names,
)


class ProviderRequest(HttpRequest):
    provider: Provider


def hour_chart(activity: Activity) -> Chart:
    rows = [
        ChartRow(
            f"{hour:02d}:00 to {hour:02d}:59",
            count,
            f"{count:,}",
            " ",
            f"{hour:02d}" if hour % 3 == 0 else " ",
        )
        for hour, count in enumerate(activity.hour_of_day)
    ]
    period = activity.period
    return Chart(
        "chart-hours",
        "Requests by time of day",
        f"All requests by this log-in from {date_format(period.start, 'j F Y')} to "
        f"{date_format(period.end, 'j F Y')}, by the hour of the day they were made in.",
        rows if activity.requests else [],
        "Hour",
        "Requests",
        empty="The stored logs hold no request by this log-in in this period.",
    )


def site_chart(activity: Activity) -> Chart:
    return Chart(
        "chart-sites",
        "Most visited sites",
        "The sites this log-in requested most often in the period (blocked or not).",
        [
            ChartRow(s.host, s.requests, f"{s.requests:,}", f"{s.requests:,}")
            for s in activity.sites
        ],
        "Site",
        "Requests",
        empty="The stored logs hold no request by this log-in in this period.",
    )


@requires("online_safety.view_identity_activity")
@require_GET
def identity_activity_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    identity = get_identity_for_user(request.user, request.provider, pk)
    shown = identity_shown(identity, full=True)
    context: dict[str, Any] = {
        "identity": shown,
        "identity_id": identity.pk,
        "max_days": MAX_DAYS,
        "given_from": request.GET.get("from", "")[:10],
        "given_to": request.GET.get("to", "")[:10],
    }
    try:
        period = parse_period(request.GET.get("from"), request.GET.get("to"), timezone.localdate())
    except ValidationError as exc:
        context["errors"] = exc.message_dict
        return render(request, "online_safety/reports/identity.html", context, status=422)
    identity_record_view(actor=request.user, identity=identity, period=period)
    activity = identity_activity(identity, period)
    names = theme_names(request.provider)
    context |= {
        "period": period,
        "activity": activity,
        "alert_rows": [(a, theme_label(a.theme, names)) for a in activity.alerts],
        "hour_chart": hour_chart(activity),
        "site_chart": site_chart(activity),
    }
    return render(request, "online_safety/reports/identity.html", context)
