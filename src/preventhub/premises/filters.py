"""The bookings and visits lists' FilterSets, shared by the pages, the exports and the API.

Dates are days in England; room choices are the current provider's rooms only, so a filter can
never name another provider's room.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import QuerySet

from preventhub.core.forms import GovukFormMixin
from preventhub.premises.choices import ConcernFlag, UseKind, UseStatus
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.selectors import start_of


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


def _rooms(request: Any) -> QuerySet[Room]:
    provider = getattr(request, "provider", None)
    if provider is None:
        return Room.unscoped.none()
    return Room.objects.for_provider(provider).select_related("site").order_by("name")


def _room_filter() -> Any:
    return django_filters.ModelChoiceFilter(
        queryset=_rooms,
        empty_label="All rooms",
        error_messages={"invalid_choice": "Choose a room from the list."},
    )


class _Dated(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    date_field = "starts_at"

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.date_field}__gte": start_of(value)})

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.date_field}__lt": start_of(value + timedelta(days=1))})

    def used(self) -> dict[str, str]:
        """The filters in force, for an export's audit row (a typed group name is not kept)."""
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "room" in used:
            used["room"] = str(self.form.cleaned_data["room"].pk)
        if "group" in used:
            used["group"] = "(given)"
        return used


class BookingFilterSet(_Dated):
    room = _room_filter()
    kind = django_filters.ChoiceFilter(
        choices=UseKind.choices, empty_label="Bookings and sign-ins", label="Kind"
    )
    status = django_filters.ChoiceFilter(
        choices=UseStatus.choices, empty_label="Active or cancelled", label="Status"
    )
    date_from = _date_filter("From", "filter_date_from")
    date_to = _date_filter("To", "filter_date_to")
    group = django_filters.CharFilter(
        field_name="group_name", lookup_expr="icontains", max_length=100, label="Group"
    )

    class Meta:
        model = Booking
        fields: list[str] = []
        form = DateRangeForm


class VisitFilterSet(_Dated):
    date_field = "visited_at"
    room = _room_filter()
    concern = django_filters.ChoiceFilter(
        choices=[("any", "Any concern"), *ConcernFlag.choices],
        method="filter_concern",
        empty_label="With or without concerns",
        label="Concerns found",
    )
    follow_up = django_filters.ChoiceFilter(
        choices=[("awaiting", "Awaiting follow-up"), ("done", "Followed up or raised")],
        method="filter_follow_up",
        empty_label="Any",
        label="Follow-up",
    )
    date_from = _date_filter("Visited from", "filter_date_from")
    date_to = _date_filter("Visited to", "filter_date_to")

    class Meta:
        model = MonitoringVisit
        fields: list[str] = []
        form = DateRangeForm

    def filter_concern(
        self, queryset: QuerySet[MonitoringVisit], name: str, value: str
    ) -> QuerySet[MonitoringVisit]:
        if value == "any":
            return queryset.exclude(concerns=[])
        ids = [
            pk
            for pk, flags in queryset.exclude(concerns=[]).values_list("pk", "concerns")
            if value in flags
        ]
        return queryset.filter(pk__in=ids)

    def filter_follow_up(
        self, queryset: QuerySet[MonitoringVisit], name: str, value: str
    ) -> QuerySet[MonitoringVisit]:
        open_ = queryset.exclude(concerns=[]).filter(
            followed_up_at__isnull=True, concern__isnull=True
        )
        if value == "awaiting":
            return open_
        return queryset.exclude(concerns=[]).exclude(pk__in=open_.values("pk"))
