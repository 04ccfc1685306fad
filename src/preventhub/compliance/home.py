"""The compliance home-page panel for leaders, governors and inspectors: each area's status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.compliance import permissions as perms
from preventhub.compliance.status import area_statuses


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    user = request.user
    return {
        "statuses": area_statuses(provider),
        "leaders": user.has_perm(perms.LEADER_DASHBOARD, provider),
        "governors": user.has_perm(perms.GOVERNOR_DASHBOARD, provider),
        "safeguarding": user.has_perm(perms.DSL_DASHBOARD, provider),
    }
