"""Pages for online-safety alerts and their triage."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.online_safety.models import Alert


@requires("online_safety.view_alerts")
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = Alert.objects.for_provider(request.provider).select_related("identity")[:50]  # type: ignore[attr-defined]
    return render(request, "online_safety/alerts/list.html", {"alerts": alerts})


@requires("online_safety.view_alerts")
@require_GET
def alert_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    alert = (
        Alert.objects.for_provider(request.provider)  # type: ignore[attr-defined]
        .select_related("identity")
        .filter(pk=pk)
        .first()
    )
    if alert is None:
        raise Http404("No such alert.")
    return render(request, "online_safety/alerts/detail.html", {"alert": alert})
