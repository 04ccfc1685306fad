from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.notifications.services import unread_count


def unread_context(request: HttpRequest) -> dict[str, Any]:
    return {"unread": unread_count(request.user, request.provider)}  # type: ignore[attr-defined]
