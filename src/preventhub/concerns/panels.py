"""Extension point of the case page: modules add panels (Prevent referral, Channel, transfer,
case work) without editing the concerns views or templates.

A panel names a template and a permission checked against the concern; ``context`` builds the
panel's own context (only called when the user holds the permission); the template reads it
as ``panel`` (e.g. ``{{ panel.referral.status }}``) beside the case page's own context
(``concern``, ``can_decide``...). Panels render in their column in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class CasePanel:
    name: str
    template: str
    perm: str
    order: int = 100
    context: Callable[[HttpRequest, Any], dict[str, Any]] = field(default=lambda r, c: {})
    # "side" (the narrow column) or "main" (below the chronology).
    column: str = "side"


_PANELS: dict[str, CasePanel] = {}


def register_case_panel(panel: CasePanel) -> None:
    _PANELS[panel.name] = panel


def panels_for(request: HttpRequest, concern: Any, column: str) -> list[dict[str, Any]]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        if panel.column == column and request.user.has_perm(panel.perm, concern):
            shown.append(
                {"template": panel.template, "name": panel.name, **panel.context(request, concern)}
            )
    return shown


# Per-entry tools of the chronology (e.g. "edit", "earlier versions"): template and permission.
# Each template is included inside every chronology entry with ``entry`` and ``concern`` in scope.
_ENTRY_TOOLS: dict[str, str] = {}


def register_entry_tool(template: str, perm: str) -> None:
    _ENTRY_TOOLS[template] = perm


def entry_tools_for(request: HttpRequest, concern: Any) -> list[str]:
    return [t for t, perm in _ENTRY_TOOLS.items() if request.user.has_perm(perm, concern)]
