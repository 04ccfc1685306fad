"""Template filters of the risk pages: a score's band, its tag colour, labels of stored keys."""

from __future__ import annotations

from typing import Any

from django import template

from preventhub.risk.choices import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    ActionStatus,
    Area,
    Band,
    Source,
    band_of,
)

register = template.Library()

TAG_COLOURS = {
    Band.LOW: "govuk-tag--green",
    Band.MEDIUM: "govuk-tag--yellow",
    Band.HIGH: "govuk-tag--orange",
    Band.VERY_HIGH: "govuk-tag--red",
}
STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.IN_PROGRESS: "",
    ActionStatus.DONE: "govuk-tag--green",
    ActionStatus.DROPPED: "govuk-tag--grey",
}


@register.filter
def band(score: Any) -> Band | None:
    """The band of a likelihood × impact score (None when the score is missing)."""
    try:
        return band_of(int(score)) if score else None
    except (TypeError, ValueError):
        return None


@register.filter
def band_colour(value: Any) -> str:
    return TAG_COLOURS.get(value, "govuk-tag--grey")


@register.filter
def status_colour(value: Any) -> str:
    return STATUS_COLOURS.get(value, "govuk-tag--grey")


@register.filter
def area_label(value: Any) -> str:
    return str(Area(value).label) if value in Area.values else str(value)


@register.filter
def source_labels(values: Any) -> str:
    return ", ".join(str(Source(v).label) for v in values or () if v in Source.values)


@register.filter
def likelihood_label(value: Any) -> str:
    return LIKELIHOOD_LABELS.get(value, "") if isinstance(value, int) else ""


@register.filter
def impact_label(value: Any) -> str:
    return IMPACT_LABELS.get(value, "") if isinstance(value, int) else ""


@register.filter
def status_label(value: Any) -> str:
    return str(ActionStatus(value).label) if value in ActionStatus.values else str(value)


@register.filter
def band_label(score: Any) -> str:
    """The band of a score in words ("very high"), or "" when the score is missing."""
    found = band(score)
    return str(found.label).lower() if found else ""


@register.filter
def iso_date(value: Any) -> str:
    """A date stored as ISO text in a snapshot, in words ("22 March 2027")."""
    from datetime import date

    try:
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    except ValueError:
        return str(value or "")
