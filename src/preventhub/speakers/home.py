"""The speakers module's home-page panel: request a speaker; the coordinator's work waiting."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from preventhub.speakers.choices import APPROVED_STATUSES, Status
from preventhub.speakers.selectors import own_requests, queue


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    mine = own_requests(request.user, provider)
    context: dict[str, Any] = {
        "mine": mine.count(),
        "outcomes_due": mine.filter(
            starts_at__lte=timezone.now(), status__in=[Status.SUBMITTED, *APPROVED_STATUSES]
        ).count(),
        "to_decide": None,
    }
    if request.user.has_perm("speakers.manage", provider):
        context["to_decide"] = queue(request.user, provider, "to_decide").count()
    return context
