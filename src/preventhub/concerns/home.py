"""The concerns module's home-page panels: raising for everyone, the inbox for the team."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from preventhub.concerns.selectors import (
    inbox_counts,
    my_open_actions,
    oldest_waiting,
    own_concerns,
)


def raise_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    return {"my_concern_count": own_concerns(request.user, provider).count()}


def triage_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    soon = timezone.localdate() + timedelta(days=7)
    return {
        "triage_counts": inbox_counts(request.user, provider),
        "oldest_waiting": oldest_waiting(request.user, provider),
        "my_actions_due": my_open_actions(request.user, provider).filter(due_on__lte=soon).count(),
    }
