"""The faith-rooms home-page panel for those who monitor the rooms: visits due, follow-ups."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.premises.selectors import due_counts


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    return due_counts(provider)
