"""Template helpers of the compliance pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any] | None, key: str) -> Any:
    """``links|lookup:f.url``: a value of a dict by a key that is itself a variable."""
    return (mapping or {}).get(key)
