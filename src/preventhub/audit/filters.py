"""The one FilterSet for the audit trail, shared by the page, the CSV export and the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.db.models import QuerySet

from preventhub.audit.models import AuditEvent
from preventhub.core.forms import GovukFormMixin

# Dates people type mean days in England, whatever the server's clock says.
LONDON = ZoneInfo("Europe/London")


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


class AuditFilterForm(GovukFormMixin, forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return cleaned


def _date_filter(label: str, method: str) -> Any:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return django_filters.DateFilter(label=label, method=method, widget=widget)


class AuditEventFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped base class
    actor = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", label="Actor username"
    )
    action = django_filters.CharFilter(label="Action")
    object_type = django_filters.CharFilter(label="Object type")
    object_id = django_filters.CharFilter(label="Object id")
    date_from = _date_filter("From date", "filter_date_from")
    date_to = _date_filter("To date", "filter_date_to")

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, *args: Any, offer_choices: bool = False, **kwargs: Any) -> None:
        """``offer_choices`` turns action and object type into lists of the values in use."""
        super().__init__(*args, **kwargs)
        if offer_choices:
            for name in ("action", "object_type"):
                self.filters[name].extra["widget"] = forms.Select(choices=self.choices_for(name))

    def choices_for(self, name: str) -> list[tuple[str, str]]:
        """Values this provider's trail actually holds (the queryset is already scoped)."""
        values = list(self.queryset.order_by(name).values_list(name, flat=True).distinct())
        current = self.data.get(name)
        if current and current not in values:
            values.append(current)  # keep a value typed into the URL visible as the selection
        return [("", "Any"), *((v, v) for v in values if v)]

    def filter_date_from(self, queryset: QuerySet[AuditEvent], name: str, value: date) -> Any:
        return queryset.filter(at__gte=start_of_day(value))

    def filter_date_to(self, queryset: QuerySet[AuditEvent], name: str, value: date) -> Any:
        return queryset.filter(at__lt=start_of_day(value + timedelta(days=1)))

    def used(self) -> dict[str, str]:
        """The filters in force, as text, for the record of an export."""
        if not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
