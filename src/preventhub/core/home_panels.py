"""Panels on the home page, one per module, shown to the roles that use them.

Each module registers what its users need first (e.g. concerns awaiting triage for the
safeguarding lead, "raise a concern" for everyone else), so the home page differs by role
without the core knowing about modules. A panel's template reads its context as ``panel``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    perm: str
    order: int = 100
    context: Callable[[HttpRequest], dict[str, Any]] = field(default=lambda r: {})


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _PANELS[panel.name] = panel


def home_panels_for(request: HttpRequest, provider: Any) -> list[dict[str, Any]]:
    return [
        {"template": p.template, **p.context(request)}
        for p in sorted(_PANELS.values(), key=lambda p: (p.order, p.name))
        if request.user.has_perm(p.perm, provider)
    ]
