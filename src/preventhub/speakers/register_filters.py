"""The speaker register's one FilterSet, shared by the page, the CSV and XLSX exports.

Dates are days in England (the event's start, Europe/London); site choices are the current
provider's only, so a filter can never name another provider's site.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet

from preventhub.audit.filters import start_of_day
from preventhub.core.forms import GovukFormMixin
from preventhub.core.models import Site
from preventhub.speakers.choices import RequestKind, RiskLevel, Status
from preventhub.speakers.models import EventRequest

MAX_SEARCH_TERMS = 5
MAX_SEARCH_LENGTH = 100


class RegisterFilterForm(GovukFormMixin, forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return cleaned


def _date_filter(label: str, method: str) -> Any:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return django_filters.DateFilter(
        label=label,
        method=method,
        widget=widget,
        error_messages={"invalid": "Enter a real date, for example 2026-03-27."},
    )


def _sites(request: Any) -> QuerySet[Site]:
    provider = getattr(request, "provider", None)
    return Site.objects.for_provider(provider) if provider else Site.unscoped.none()


class RegisterFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    """Narrow the register by the event's dates, status, risk, kind, speaker, reference, site."""

    date_from = _date_filter("Events from", "filter_date_from")
    date_to = _date_filter("Events to", "filter_date_to")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    risk_level = django_filters.ChoiceFilter(
        choices=RiskLevel.choices, empty_label="Any risk", label="Risk level"
    )
    kind = django_filters.ChoiceFilter(
        choices=RequestKind.choices, empty_label="Events and lettings", label="Kind"
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="Speaker or hirer",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Name or organisation",
    )
    reference = django_filters.CharFilter(
        field_name="reference", lookup_expr="icontains", max_length=30, label="Reference"
    )
    late = django_filters.ChoiceFilter(
        choices=[("yes", "Late requests only"), ("no", "On time only")],
        method="filter_late",
        empty_label="Late or on time",
        label="Notice given",
    )
    site = django_filters.ModelChoiceFilter(
        queryset=_sites,
        empty_label="All sites",
        error_messages={"invalid_choice": "Choose a site from the list."},
    )

    class Meta:
        model = EventRequest
        fields: list[str] = []
        form = RegisterFilterForm

    def filter_date_from(
        self, queryset: QuerySet[EventRequest], name: str, value: date
    ) -> QuerySet[EventRequest]:
        return queryset.filter(starts_at__gte=start_of_day(value))

    def filter_date_to(
        self, queryset: QuerySet[EventRequest], name: str, value: date
    ) -> QuerySet[EventRequest]:
        return queryset.filter(starts_at__lt=start_of_day(value + timedelta(days=1)))

    def filter_late(
        self, queryset: QuerySet[EventRequest], name: str, value: str
    ) -> QuerySet[EventRequest]:
        return queryset.filter(late=value == "yes")

    def filter_speaker(
        self, queryset: QuerySet[EventRequest], name: str, value: str
    ) -> QuerySet[EventRequest]:
        """Every word must match a speaker's name or organisation, or a letting's hirer."""
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(
                Q(speakers__speaker__name__icontains=term)
                | Q(speakers__speaker__organisation__icontains=term)
                | Q(hirer__icontains=term)
            )
        return queryset.distinct()

    def used(self) -> dict[str, str]:
        """The filters in force, for the audit row of an export. A typed speaker name is
        personal data: the row says that the filter was used, not what was typed."""
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "speaker" in used:
            used["speaker"] = "(given)"
        if "site" in used:
            used["site"] = str(self.form.cleaned_data["site"].pk)
        return used
