"""The module navigation: each app registers its entry; users see the entries they may use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    description: str
    order: int = 100
    # Shown as a button in the page header on every page rather than in the module list.
    header: bool = False


_REGISTRY: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _REGISTRY):
        _REGISTRY.append(item)
        _REGISTRY.sort(key=lambda i: (i.order, i.label))


@cache
def _url(url_name: str) -> str:
    """Module entry points never take arguments, so each is reversed once per process."""
    return reverse(url_name)


def nav_for(user: Any, provider: Any, current_path: str = "") -> list[dict[str, Any]]:
    if provider is None or not user.is_authenticated:
        return []
    items = []
    for item in _REGISTRY:
        if user.has_perm(item.perm, provider):
            url = _url(item.url_name)
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "description": item.description,
                    "active": current_path.startswith(url) and url != "/",
                    "header": item.header,
                }
            )
    return items
