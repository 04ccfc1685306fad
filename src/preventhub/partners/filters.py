"""The FilterSets of the partnership registers, each shared by its page, its CSV/XLSX export
and its API list. Partner choices are the current provider's only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import django_filters  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from preventhub.core.forms import GovukFormMixin
from preventhub.partners.choices import (
    AgreementStatus,
    EngagementKind,
    LawfulBasis,
    PartnerKind,
)
from preventhub.partners.models import EXPIRING_WITHIN_DAYS, Agreement, Engagement, Partner

MAX_SEARCH_TERMS = 5
MAX_SEARCH_LENGTH = 100
INVALID_CHOICE = {"invalid_choice": "Choose an option from the list."}


class FilterForm(GovukFormMixin, forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return cleaned


def _partners(request: Any) -> QuerySet[Partner]:
    provider = getattr(request, "provider", None)
    return Partner.objects.for_provider(provider) if provider else Partner.unscoped.none()


def _date(label: str, field: str, lookup: str) -> Any:
    return django_filters.DateFilter(
        field_name=field,
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-03-27."},
    )


def _search(queryset: QuerySet[Any], value: str, *fields: str) -> QuerySet[Any]:
    for term in value.split()[:MAX_SEARCH_TERMS]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class UsedMixin:
    """The filters in force, for an export's audit row (typed text is not copied)."""

    form: forms.Form
    is_valid: Callable[[], bool]  # FilterSet's (declared for the type checker only)

    def used(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        used = {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        if "q" in used:
            used["q"] = "(given)"
        for key in ("partner",):
            if key in used:
                used[key] = str(self.form.cleaned_data[key].pk)
        return used


class PartnerFilterSet(UsedMixin, django_filters.FilterSet):  # type: ignore[misc, unused-ignore]
    q = django_filters.CharFilter(
        method="search", label="Name", max_length=MAX_SEARCH_LENGTH, help_text="Or part of it"
    )
    kind = django_filters.ChoiceFilter(
        choices=PartnerKind.choices, empty_label="Any kind", error_messages=INVALID_CHOICE
    )
    active = django_filters.ChoiceFilter(
        choices=[("yes", "Current partners"), ("no", "Former partners")],
        method="filter_active",
        empty_label="Current and former",
        label="Current?",
        error_messages=INVALID_CHOICE,
    )

    class Meta:
        model = Partner
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return _search(queryset, value, "name", "description")

    def filter_active(
        self, queryset: QuerySet[Partner], name: str, value: str
    ) -> QuerySet[Partner]:
        return queryset.filter(active=value == "yes")


class EngagementFilterSet(UsedMixin, django_filters.FilterSet):  # type: ignore[misc, unused-ignore]
    date_from = _date("From", "occurred_on", "gte")
    date_to = _date("To", "occurred_on", "lte")
    kind = django_filters.ChoiceFilter(
        choices=EngagementKind.choices, empty_label="Any kind", error_messages=INVALID_CHOICE
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=_partners, empty_label="Any partner", error_messages=INVALID_CHOICE
    )
    agreement = django_filters.ChoiceFilter(
        choices=[("yes", "Under an agreement"), ("no", "Under no agreement")],
        method="filter_agreement",
        empty_label="With or without",
        label="Agreement",
        error_messages=INVALID_CHOICE,
    )

    class Meta:
        model = Engagement
        fields: list[str] = []
        form = FilterForm

    def filter_agreement(
        self, queryset: QuerySet[Engagement], name: str, value: str
    ) -> QuerySet[Engagement]:
        return queryset.filter(agreement__isnull=value == "no")


def agreement_status_condition(status: str, today: date) -> Q:
    """Agreement status (AgreementStatus) as a database condition on the dates."""
    soon = today + timedelta(days=EXPIRING_WITHIN_DAYS)
    signed = Q(signed_on__isnull=False, signed_on__lte=today)
    conditions = {
        AgreementStatus.NOT_YET_SIGNED: ~signed,
        AgreementStatus.EXPIRED: signed & Q(review_on__lt=today),
        AgreementStatus.EXPIRING: signed & Q(review_on__gte=today, review_on__lte=soon),
        AgreementStatus.IN_FORCE: signed & (Q(review_on__isnull=True) | Q(review_on__gt=soon)),
    }
    return conditions[AgreementStatus(status)]


class AgreementFilterSet(UsedMixin, django_filters.FilterSet):  # type: ignore[misc, unused-ignore]
    q = django_filters.CharFilter(
        method="search", label="Title", max_length=MAX_SEARCH_LENGTH, help_text="Or part of it"
    )
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices,
        method="filter_status",
        empty_label="Any status",
        error_messages=INVALID_CHOICE,
    )
    lawful_basis = django_filters.ChoiceFilter(
        choices=LawfulBasis.choices,
        empty_label="Any basis",
        label="Lawful basis",
        error_messages=INVALID_CHOICE,
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=_partners,
        field_name="partners",
        empty_label="Any partner",
        error_messages=INVALID_CHOICE,
    )

    class Meta:
        model = Agreement
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        return _search(queryset, value, "title")

    def filter_status(
        self, queryset: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        return queryset.filter(agreement_status_condition(value, timezone.localdate()))
