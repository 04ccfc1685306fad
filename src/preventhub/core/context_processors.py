from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.core.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    provider = getattr(request, "provider", None)
    if user is None:
        return {}
    return {
        "current_provider": provider,
        "user_providers": getattr(request, "user_providers", []),
        "nav_items": nav_for(user, provider, request.path),
    }
