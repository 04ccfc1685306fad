"""The alerts register's FilterSet, shared by the page and the API.

Dates are days in England; an alert is in a date range when any of its hits fall in it (its
first and last hit overlap the range). Theme choices are the current provider's own.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from preventhub.core.forms import GovukFormMixin
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import Alert, Category

KIND_CHOICES = [
    ("filter_failure", "Filter failures (allowed in a blocked category)"),
    ("bypass", "Attempts to get round the filter"),
]


class AlertFilterForm(GovukFormMixin, forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return cleaned


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in UK time."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _date_filter(label: str, method: str) -> Any:
    return django_filters.DateFilter(
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-03-27."},
    )


def theme_choices(provider: Any) -> list[tuple[str, str]]:
    """Every theme an alert of the provider has, named after its category where there is one."""
    if provider is None:
        return []
    names = dict(Category.objects.for_provider(provider).values_list("key", "name"))
    themes = set(Alert.objects.for_provider(provider).values_list("theme", flat=True).distinct())
    return sorted(((t, names.get(t, t)) for t in themes), key=lambda c: c[1].lower())


class AlertFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    status = django_filters.ChoiceFilter(
        choices=AlertStatus.choices,
        empty_label="Any status",
        label="Status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    severity = django_filters.ChoiceFilter(
        choices=Severity.choices,
        empty_label="Any severity",
        label="Severity",
        error_messages={"invalid_choice": "Choose a severity from the list."},
    )
    theme = django_filters.ChoiceFilter(
        choices=[],
        empty_label="Any theme",
        label="Theme",
        error_messages={"invalid_choice": "Choose a theme from the list."},
    )
    kind = django_filters.ChoiceFilter(
        choices=KIND_CHOICES,
        method="filter_kind",
        empty_label="All alerts",
        label="Only",
        error_messages={"invalid_choice": "Choose filter failures or bypass attempts."},
    )
    date_from = _date_filter("Hits from", "filter_date_from")
    date_to = _date_filter("Hits to", "filter_date_to")

    class Meta:
        model = Alert
        fields: list[str] = []
        form = AlertFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = getattr(self.request, "provider", None)
        self.filters["theme"].extra["choices"] = theme_choices(provider)

    def filter_kind(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        if value == "filter_failure":
            return queryset.filter(is_filter_failure=True)
        return queryset.filter(is_bypass=True)

    def filter_date_from(
        self, queryset: QuerySet[Alert], name: str, value: date
    ) -> QuerySet[Alert]:
        return queryset.filter(last_seen__gte=start_of(value))

    def filter_date_to(self, queryset: QuerySet[Alert], name: str, value: date) -> QuerySet[Alert]:
        return queryset.filter(Q(first_seen__lt=start_of(value + timedelta(days=1))))
