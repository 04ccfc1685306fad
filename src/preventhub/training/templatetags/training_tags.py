"""The training pages' tabs, and small formatting filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from preventhub.training.choices import Status

register = template.Library()

# (label, URL name, permission, URL names that count as this tab)
TABS = (
    ("Overview", "training:dashboard", "training.view_figures",
     ("dashboard", "record_new", "record_evidence", "import", "import_review", "settings")),
    ("Compliance", "training:compliance", "training.view_figures", ("compliance", "person")),
    ("Action list", "training:actions", "training.view_compliance", ("actions",)),
    ("Sessions", "training:sessions", "training.view_compliance",
     ("sessions", "session", "session_new", "session_people", "session_evidence")),
    ("Impact", "training:impact", "training.view_reports", ("impact",)),
    ("Catalogue", "training:courses", "training.view_compliance",
     ("courses", "course_new", "course_edit", "questions", "question_new", "question_edit")),
    ("Requirements", "training:requirements", "training.view_compliance",
     ("requirements", "requirement_edit")),
)  # fmt: skip


@register.inclusion_tag("training/partials/tabs.html", takes_context=True)
def training_tabs(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    provider = getattr(request, "provider", None)
    current = getattr(getattr(request, "resolver_match", None), "url_name", "")
    tabs = [
        {"label": label, "url": reverse(name), "current": current in names}
        for label, name, perm, names in TABS
        if provider is not None and request.user.has_perm(perm, provider)
    ]
    return {"tabs": tabs if len(tabs) > 1 else []}


@register.filter
def status_label(value: str | None) -> str:
    return str(Status(value).label) if value in Status.values else "No requirement"


STATUS_COLOURS = {
    Status.COMPLIANT: "green",
    Status.DUE_SOON: "yellow",
    Status.OVERDUE: "red",
    Status.NEVER_TRAINED: "purple",
}


@register.filter
def status_colour(value: str | None) -> str:
    return STATUS_COLOURS.get(Status(value), "grey") if value in Status.values else "grey"


@register.filter
def one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign: "+1.2", "−0.3", "0.0"."""
    if value is None:
        return "–"
    text = f"{abs(value):.1f}"
    if text == "0.0":
        return text
    return f"+{text}" if value > 0 else f"−{text}"


@register.filter
def signed_points(value: float | None) -> str:
    """A change in percentage points: "+12 points"."""
    if value is None:
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "no change"
    return f"{'+' if rounded > 0 else '−'}{abs(rounded)} point{'s' if abs(rounded) != 1 else ''}"


@register.filter
def whole_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def duration(minutes: int | None) -> str:
    """90 -> "1 hour 30 minutes", 360 -> "6 hours"."""
    if not minutes:
        return "–"
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


@register.filter
def validity(months: int | None) -> str:
    """24 -> "2 years", 18 -> "18 months", None -> "Does not lapse"."""
    if not months:
        return "Does not lapse"
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} months"
