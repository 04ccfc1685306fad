"""The decision log's and the unblock requests' FilterSets, shared by the pages, the export
and the API. Dates are days in England."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from preventhub.core.forms import GovukFormMixin
from preventhub.filtering.choices import (
    OPENING_DECISIONS,
    DecisionKind,
    RequestStatus,
    Subject,
    TargetKind,
)
from preventhub.filtering.models import Decision, UnblockRequest
from preventhub.filtering.selectors import NOT_SUPERSEDED


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in UK time."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


class DateRangeForm(GovukFormMixin, forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return cleaned


def _date_filter(label: str, method: str) -> Any:
    return django_filters.DateFilter(
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-03-27."},
    )


def _choice(choices: Any, empty: str, label: str) -> Any:
    return django_filters.ChoiceFilter(
        choices=choices,
        empty_label=empty,
        label=label,
        error_messages={"invalid_choice": "Choose from the list."},
    )


class _Dated(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    date_field = "decided_at"

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.date_field}__gte": start_of(value)})

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.date_field}__lt": start_of(value + timedelta(days=1))})

    def used(self) -> dict[str, str]:
        """The filters in force, for an export's audit row (typed text is not kept)."""
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "q" in used:
            used["q"] = "(given)"
        return used


class DecisionFilterSet(_Dated):
    decision = _choice(DecisionKind.choices, "Any decision", "Decision")
    target_kind = _choice(TargetKind.choices, "Domains, addresses and categories", "Applies to")
    review = django_filters.ChoiceFilter(
        choices=[("past", "Past its review date"), ("current", "In force (not superseded)")],
        method="filter_review",
        empty_label="Any",
        label="Review",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    q = django_filters.CharFilter(
        field_name="target", lookup_expr="icontains", max_length=200, label="Domain or address"
    )
    date_from = _date_filter("Decided from", "filter_date_from")
    date_to = _date_filter("Decided to", "filter_date_to")

    class Meta:
        model = Decision
        fields: list[str] = []
        form = DateRangeForm

    def filter_review(
        self, queryset: QuerySet[Decision], name: str, value: str
    ) -> QuerySet[Decision]:
        current = queryset.filter(**NOT_SUPERSEDED)
        if value == "current":
            return current
        return current.filter(decision__in=OPENING_DECISIONS, review_on__lt=timezone.localdate())


class RequestFilterSet(_Dated):
    date_field = "created_at"
    status = _choice(RequestStatus.choices, "Any status", "Status")
    subject = _choice(Subject.choices, "Any subject", "Subject")
    date_from = _date_filter("Asked from", "filter_date_from")
    date_to = _date_filter("Asked to", "filter_date_to")

    class Meta:
        model = UnblockRequest
        fields: list[str] = []
        form = DateRangeForm
