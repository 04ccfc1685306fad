"""The risk register's one FilterSet, shared by the page, its CSV and XLSX exports and the API.

The heat maps link each cell here (``?likelihood=3&impact=4`` or, after controls,
``?residual_likelihood=2&residual_impact=3``). Owner choices are the current provider's people
only, so a filter can never name another provider's user.
"""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.forms import GovukFormMixin
from preventhub.risk.choices import (
    BAND_RANGES,
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    OPEN_ACTION_STATUSES,
    Area,
    Band,
)
from preventhub.risk.models import Risk
from preventhub.risk.selectors import possible_owners

MAX_SEARCH_TERMS = 5
ACTION_STATES = [
    ("none", "No action yet"),
    ("open", "With open actions"),
    ("overdue", "With overdue actions"),
]
REVIEW_STATES = [("overdue", "Review date passed"), ("none", "No review date")]


class RiskFilterForm(GovukFormMixin, forms.Form):
    """GOV.UK markup for the filter fields."""


def _owners(request: Any) -> QuerySet[User]:
    provider = getattr(request, "provider", None)
    return possible_owners(provider) if provider else User.objects.none()


def _scale(labels: dict[int, str], label: str) -> Any:
    return django_filters.ChoiceFilter(
        choices=[(str(k), f"{k} {v.lower()}") for k, v in labels.items()],
        empty_label="Any",
        label=label,
        error_messages={"invalid_choice": "Choose a number from 1 to 5."},
    )


class RiskFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped
    """Narrow the register by area, title, rating, owner, actions and review."""

    q = django_filters.CharFilter(method="search", label="Title", max_length=100)
    area = django_filters.ChoiceFilter(
        choices=Area.choices,
        empty_label="All areas",
        error_messages={"invalid_choice": "Choose an area from the list."},
    )
    band = django_filters.ChoiceFilter(
        choices=Band.choices,
        method="filter_band",
        empty_label="Any",
        label="Rating before controls",
        error_messages={"invalid_choice": "Choose a rating from the list."},
    )
    residual_band = django_filters.ChoiceFilter(
        choices=Band.choices,
        method="filter_residual_band",
        empty_label="Any",
        label="Rating after controls",
        error_messages={"invalid_choice": "Choose a rating from the list."},
    )
    likelihood = _scale(LIKELIHOOD_LABELS, "Likelihood before controls")
    impact = _scale(IMPACT_LABELS, "Impact before controls")
    residual_likelihood = _scale(LIKELIHOOD_LABELS, "Likelihood after controls")
    residual_impact = _scale(IMPACT_LABELS, "Impact after controls")
    owner = django_filters.ModelChoiceFilter(
        queryset=_owners,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose an owner from the list."},
    )
    actions = django_filters.ChoiceFilter(
        choices=ACTION_STATES,
        method="filter_actions",
        empty_label="Any",
        label="Actions",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    review = django_filters.ChoiceFilter(
        choices=REVIEW_STATES,
        method="filter_review",
        empty_label="Any",
        label="Review",
        error_messages={"invalid_choice": "Choose from the list."},
    )

    class Meta:
        model = Risk
        fields: list[str] = []
        form = RiskFilterForm

    def search(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        """Every word must appear in the title (descriptions are encrypted, not searchable)."""
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(title__icontains=term)
        return queryset

    def filter_band(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        low, high = BAND_RANGES[value]
        return queryset.filter(inherent_score__gte=low, inherent_score__lte=high)

    def filter_residual_band(
        self, queryset: QuerySet[Risk], name: str, value: str
    ) -> QuerySet[Risk]:
        low, high = BAND_RANGES[value]
        return queryset.filter(residual_score__gte=low, residual_score__lte=high)

    def filter_actions(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        if value == "none":
            return queryset.annotate(n_actions=Count("actions")).filter(n_actions=0)
        open_actions = Q(actions__status__in=OPEN_ACTION_STATUSES)
        if value == "overdue":
            open_actions &= Q(actions__due_on__lt=timezone.localdate())
        return queryset.filter(pk__in=queryset.filter(open_actions).values("pk"))

    def filter_review(self, queryset: QuerySet[Risk], name: str, value: str) -> QuerySet[Risk]:
        if value == "none":
            return queryset.filter(review_on__isnull=True)
        return queryset.filter(review_on__lt=timezone.localdate())

    def used(self) -> dict[str, str]:
        """The filters in force, for the audit row of an export (no free text is copied)."""
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "q" in used:
            used["q"] = "(given)"
        if "owner" in used:
            used["owner"] = str(self.form.cleaned_data["owner"].pk)
        return used
