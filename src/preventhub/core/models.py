"""Tenancy: a Group holds Providers; a Provider has Sites and Departments."""

from __future__ import annotations

from django.db import models

from preventhub.core.choices import GroupKind, ProviderType
from preventhub.core.scoping import ProviderScopedModel


class ProviderGroup(models.Model):
    """A multi-academy trust, college group or region. Its users see anonymised aggregates only."""

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=40, choices=GroupKind.choices, default=GroupKind.COLLEGE_GROUP
    )
    shares_speaker_register = models.BooleanField(
        default=False,
        help_text="Providers in the group see each other's speaker appearances when vetting.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "group"

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """The institution that owes the Prevent duty and controls its data.

    Every record of personal or safeguarding data is scoped to exactly one provider.
    """

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=40, choices=ProviderType.choices)
    local_authority = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True)
    group = models.ForeignKey(
        ProviderGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="providers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(ProviderScopedModel):
    """A campus or building; risks, rooms, filters and people are often specific to a site."""

    name = models.CharField(max_length=120)
    code = models.CharField(max_length=30, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="site_unique_name_per_provider"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(ProviderScopedModel):
    """A curriculum or service area; training and speaker requests are reported by department."""

    name = models.CharField(max_length=120)
    code = models.CharField(max_length=30, blank=True)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="department_unique_name_per_provider"
            )
        ]

    def __str__(self) -> str:
        return self.name
