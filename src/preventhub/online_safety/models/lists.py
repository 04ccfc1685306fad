"""The provider's classification lists: categories of domains and a library of keywords.

The product ships only neutral examples; a provider loads the lists its filter vendor, Jisc or
partners give it (UT1/squidGuard folders, hosts files, plain lists, E2Guardian phrase lists).
"""

from __future__ import annotations

from django.db import models

from preventhub.core.scoping import ProviderScopedModel
from preventhub.online_safety.choices import Severity


class Category(ProviderScopedModel):
    """A category of sites (e.g. "extremism", "weapons", "proxy-avoidance"), its severity,
    whether the provider's filter blocks it (an allowed request in a blocked category is a
    filter failure), whether it signals a bypass attempt, and the vendor category codes in logs
    that map to it (e.g. "fortigate:12", "zscaler:Militancy/Extremism", "sophos:Weapons")."""

    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.HIGH)
    blocked = models.BooleanField(default=True)
    is_bypass = models.BooleanField(default=False)
    vendor_codes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["key"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["provider", "key"], name="online_category_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class CategoryDomain(models.Model):
    """A domain in a category: it matches itself and its subdomains at label boundaries.
    Stored lower-case and IDNA-encoded (punycode); kept small (no UUID) as lists run to
    millions of rows."""

    provider = models.ForeignKey("core.Provider", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253)
    source = models.CharField(max_length=120, blank=True)  # e.g. "UT1 2026-11", "manual"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "domain"], name="online_domain_unique")
        ]
        indexes = [models.Index(fields=["provider", "domain"], name="online_domain_lookup")]

    def __str__(self) -> str:
        return self.domain


class Keyword(ProviderScopedModel):
    """A search term or phrase with a severity and a theme. Matched as a whole word/phrase in
    the search terms extracted from search-engine and video-site queries and in URL paths —
    never as a raw substring anywhere in a URL ("gun" must not flag "burgundy")."""

    term = models.CharField(max_length=200)  # normalised: lower-case, single spaces
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.HIGH)
    theme = models.SlugField(max_length=60, default="keywords")
    weight = models.IntegerField(null=True, blank=True)  # from E2Guardian phrase lists
    source = models.CharField(max_length=120, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "term"], name="online_keyword_unique")
        ]

    def __str__(self) -> str:
        return self.term
