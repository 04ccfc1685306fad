"""The curriculum section's tabs, shown by what the user may open."""

from __future__ import annotations

from typing import Any

from django import template

from preventhub.curriculum.permissions import (
    MANAGE_SURVEYS,
    VIEW_COVERAGE,
    VIEW_EMPLOYERS,
    VIEW_RESULTS,
)

register = template.Library()

TABS = (
    ("coverage", "Coverage", "curriculum:coverage", VIEW_COVERAGE),
    ("activities", "Activity log", "curriculum:activities", VIEW_COVERAGE),
    ("employers", "Employers", "curriculum:employers", VIEW_EMPLOYERS),
    ("surveys", "Learner voice", "curriculum:surveys", VIEW_RESULTS),
    ("questions", "Question bank", "curriculum:questions", MANAGE_SURVEYS),
)


@register.inclusion_tag("curriculum/partials/tabs.html", takes_context=True)
def curriculum_tabs(context: dict[str, Any], current: str) -> dict[str, Any]:
    request = context["request"]
    provider = getattr(request, "provider", None)
    shown = [
        {"key": key, "label": label, "url_name": url_name}
        for key, label, url_name, perm in TABS
        if provider is not None and request.user.has_perm(perm, provider)
    ]
    return {"tabs": shown, "current": current}


@register.filter
def label_of(key: str, labels: dict[str, str]) -> str:
    """The label of an enumeration key, from a dict of them (the key itself if unknown)."""
    return str(labels.get(key, key))
