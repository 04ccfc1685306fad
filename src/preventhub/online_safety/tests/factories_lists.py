"""Factories and personas for the lists and configuration part's tests."""

from __future__ import annotations

from typing import Any, cast

import factory
import pytest

from preventhub.core.models import Provider
from preventhub.online_safety.models import Category, CategoryDomain, Keyword, LogSource
from preventhub.testing.factories import ProviderFactory, ScopedFactory


class CategoryFactory(ScopedFactory):
    class Meta:
        model = Category

    provider = factory.SubFactory(ProviderFactory)
    key = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    severity = "high"
    blocked = True


class KeywordFactory(ScopedFactory):
    class Meta:
        model = Keyword

    provider = factory.SubFactory(ProviderFactory)
    term = factory.Sequence(lambda n: f"example term {n}")
    severity = "high"
    theme = "keywords"


class LogSourceFactory(ScopedFactory):
    class Meta:
        model = LogSource

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Proxy {n}")
    kind = "web_proxy"
    format = "squid_native"


def add_domains(category: Category, *domains: str) -> None:
    for domain in domains:
        CategoryDomain.objects.create(
            provider_id=category.provider_id, category=category, domain=domain
        )


def category(provider: Provider, **overrides: Any) -> Category:
    return cast(Category, CategoryFactory(provider=provider, **overrides))


def persona(*roles: str, username: str) -> Any:
    """A module-level fixture of a user at ``provider`` with ``roles``:
    ``it_manager = persona(Role.IT_MANAGER, username="it")``."""

    @pytest.fixture
    def make(make_user: Any, provider: Provider) -> Any:
        return make_user(provider, *roles, username=username)

    return make
