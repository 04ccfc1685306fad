"""The activity log's FilterSet, shared by its page, its CSV/XLSX export and its API list."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet

from preventhub.core.forms import GovukFormMixin
from preventhub.curriculum.choices import ActivityKind
from preventhub.curriculum.selectors import course_groups
from preventhub.curriculum.terms import recent_terms, term_for_key

INVALID_CHOICE = {"invalid_choice": "Choose an option from the list."}
TERMS_SHOWN = 9  # three academic years


class FilterForm(GovukFormMixin, forms.Form):
    pass


def _term_choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in recent_terms(count=TERMS_SHOWN)]


def _course_choices(request: Any) -> list[tuple[str, str]]:
    provider = getattr(request, "provider", None)
    return [(c, c) for c in course_groups(provider)] if provider else []


class ActivityFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]
    term = django_filters.ChoiceFilter(
        label="Term",
        choices=_term_choices,
        method="in_term",
        empty_label="Any term",
        error_messages=INVALID_CHOICE,
    )
    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=ActivityKind.choices,
        empty_label="Any kind",
        error_messages=INVALID_CHOICE,
    )
    course = django_filters.ChoiceFilter(
        label="Course",
        choices=[],
        method="for_course",
        empty_label="Any course",
        error_messages=INVALID_CHOICE,
    )
    mine = django_filters.ChoiceFilter(
        label="Logged by",
        choices=[("yes", "Me")],
        method="logged_by_me",
        empty_label="Anyone",
        error_messages=INVALID_CHOICE,
    )

    class Meta:
        form = FilterForm
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["course"].extra["choices"] = _course_choices(self.request)

    def in_term(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        term = term_for_key(value)
        return queryset.filter(held_on__gte=term.first_day, held_on__lte=term.last_day)

    def for_course(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(groups__course=value) | Q(all_learners=True)).distinct()

    def logged_by_me(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        user = getattr(self.request, "user", None)
        return queryset.filter(logged_by=user) if value == "yes" and user else queryset

    def used(self) -> dict[str, str]:
        """The filters in force, for an export's audit row."""
        if not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
