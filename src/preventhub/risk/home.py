"""The risk module's home-page panel: the action-plan actions the user owns, when there are any."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from preventhub.risk.choices import OPEN_ACTION_STATUSES
from preventhub.risk.selectors import my_actions


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    open_actions = my_actions(request.user, provider).filter(status__in=OPEN_ACTION_STATUSES)
    return {
        "open": open_actions.count(),
        "overdue": open_actions.filter(due_on__lt=timezone.localdate()).count(),
    }
