"""The home-page panel for staff: the policies waiting for them to read and acknowledge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.policies.selectors import to_acknowledge


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    waiting = list(to_acknowledge(request.user, provider).only("id", "title", "provider_id")[:5])
    count = len(waiting) if len(waiting) < 5 else to_acknowledge(request.user, provider).count()
    return {"policies_waiting": waiting, "policies_count": count}
