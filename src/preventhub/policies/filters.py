"""The policy register's one FilterSet, shared by the page, the CSV/XLSX export and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from preventhub.core.forms import GovukFormMixin
from preventhub.policies.choices import PolicyStatus, PolicyType, PreventAnswer
from preventhub.policies.models import Policy

MAX_SEARCH_TERMS = 5
DUE_SOON_DAYS = 90
INVALID_CHOICE = {"invalid_choice": "Choose an option from the list."}


class PolicyFilterForm(GovukFormMixin, forms.Form):
    """GOV.UK markup for the filter fields."""


class PolicyFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    q = django_filters.CharFilter(
        method="search", label="Title", max_length=100, help_text="Or part of it"
    )
    policy_type = django_filters.ChoiceFilter(
        choices=PolicyType.choices,
        empty_label="Any type",
        label="Type",
        error_messages=INVALID_CHOICE,
    )
    status = django_filters.ChoiceFilter(
        choices=PolicyStatus.choices, empty_label="Any status", error_messages=INVALID_CHOICE
    )
    review = django_filters.ChoiceFilter(
        choices=[("overdue", "Review date passed"), ("soon", f"Due within {DUE_SOON_DAYS} days")],
        method="filter_review",
        empty_label="Any review date",
        label="Review",
        error_messages=INVALID_CHOICE,
    )
    prevent = django_filters.ChoiceFilter(
        choices=PreventAnswer.choices,
        method="filter_prevent",
        empty_label="Either",
        label="Refers to Prevent",
        error_messages=INVALID_CHOICE,
    )

    class Meta:
        model = Policy
        fields: list[str] = []
        form = PolicyFilterForm

    is_valid: Callable[[], bool]  # FilterSet's (declared for the type checker only)

    def search(self, queryset: QuerySet[Policy], name: str, value: str) -> QuerySet[Policy]:
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(title__icontains=term)
        return queryset

    def filter_review(self, queryset: QuerySet[Policy], name: str, value: str) -> QuerySet[Policy]:
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(review_on__lt=today)
        return queryset.filter(
            review_on__gte=today, review_on__lte=today + timedelta(DUE_SOON_DAYS)
        )

    def filter_prevent(self, queryset: QuerySet[Policy], name: str, value: str) -> QuerySet[Policy]:
        """The effective answer: the owner's when given, otherwise the detection's."""
        yes = Q(refers_to_prevent=PreventAnswer.YES) | Q(
            refers_to_prevent="", prevent_detected=True
        )
        return queryset.filter(yes) if value == PreventAnswer.YES else queryset.exclude(yes)

    def used(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "q" in used:
            used["q"] = "(given)"
        return used
