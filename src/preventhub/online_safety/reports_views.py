"""The daily IT report page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventhub.core.access import requires


@requires("online_safety.view_daily_report")
@require_GET
def daily_report(request: HttpRequest) -> HttpResponse:
    return render(request, "online_safety/reports/daily.html", {})
