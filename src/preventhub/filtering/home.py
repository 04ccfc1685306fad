"""Home-page panels: for the IT manager, filter tests due and unblock requests waiting; for a
learner, the way to ask for a site to be unblocked and their requests still waiting."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.filtering.choices import RequestStatus
from preventhub.filtering.selectors import coverage, open_failures, own_requests, pending_count


def it_panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    rows = coverage(provider)
    return {
        "tests_due": sum(1 for row in rows if row.due),
        "devices": len(rows),
        "failures": open_failures(provider).count(),
        "waiting": pending_count(provider),
    }


def learner_panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    mine = own_requests(request.user, provider)
    return {"waiting": mine.filter(status=RequestStatus.PENDING).count()}
