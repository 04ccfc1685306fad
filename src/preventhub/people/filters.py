"""The people register's one FilterSet, shared by the HTML list and the API list."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet

from preventhub.core.forms import GovukFormMixin
from preventhub.core.models import Department, Site
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person

MAX_SEARCH_TERMS = 5


class PersonFilterForm(GovukFormMixin, forms.Form):
    """GOV.UK markup for the filter fields."""


def _sites(request: Any) -> QuerySet[Site]:
    provider = getattr(request, "provider", None)
    return Site.objects.for_provider(provider) if provider else Site.unscoped.none()


def _departments(request: Any) -> QuerySet[Department]:
    provider = getattr(request, "provider", None)
    if provider is None:
        return Department.unscoped.none()
    return Department.objects.for_provider(provider)


class PersonFilterSet(django_filters.FilterSet):  # type: ignore[misc, unused-ignore]  # untyped base
    """Search by name or MIS id; narrow by kind, job category, site and department.

    Site and department choices are the current provider's only, so a filter can never name
    another provider's site.
    """

    q = django_filters.CharFilter(method="search", label="Name or MIS id")
    kind = django_filters.ChoiceFilter(
        choices=PersonKind.choices, empty_label="All", label="Staff or learner"
    )
    job_category = django_filters.ChoiceFilter(choices=JobCategory.choices, empty_label="All")
    site = django_filters.ModelChoiceFilter(queryset=_sites, empty_label="All sites")
    department = django_filters.ModelChoiceFilter(
        queryset=_departments, empty_label="All departments"
    )

    class Meta:
        model = Person
        fields = ["q", "kind", "job_category", "site", "department"]
        form = PersonFilterForm

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        """Every word must match the first, last or preferred name, or the MIS id."""
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(preferred_name__icontains=term)
                | Q(mis_id__icontains=term)
            )
        return queryset
