"""The neutral example lists and their installer (used by the demo and the benchmark)."""

from __future__ import annotations

import pytest

from preventhub.audit.models import AuditEvent
from preventhub.online_safety.domains import normalise_domain
from preventhub.online_safety.examples import (
    example_categories,
    example_keywords,
    install_example_lists,
)
from preventhub.online_safety.lists_services import clean_term
from preventhub.online_safety.models import Category, CategoryDomain, Keyword

pytestmark = pytest.mark.django_db


def test_examples_hold_only_test_domains_already_in_normal_form():
    categories = example_categories()
    assert {c.key for c in categories} >= {
        "extremism-example", "violence-example", "weapons-example", "proxy-avoidance",
    }  # fmt: skip
    assert [c.key for c in categories if c.is_bypass] == ["proxy-avoidance"]
    for category in categories:
        assert category.domains
        for domain in category.domains:
            assert domain.endswith(".test")
            assert normalise_domain(domain) == domain
    for keyword in example_keywords():
        assert clean_term(keyword.term) == keyword.term


def test_installing_the_examples_twice_adds_nothing_the_second_time(provider, dsl):
    first = install_example_lists(actor=dsl, provider=provider)
    expected = sum(len(c.domains) for c in example_categories())
    assert first.categories_created == len(example_categories())
    assert first.domains_added == expected
    assert first.keywords_added == len(example_keywords())
    second = install_example_lists(actor=dsl, provider=provider)
    assert (second.categories_created, second.domains_added, second.keywords_added) == (0, 0, 0)
    assert CategoryDomain.objects.filter(provider=provider).count() == expected
    assert Keyword.objects.for_provider(provider).count() == len(example_keywords())
    proxy = Category.objects.for_provider(provider).get(key="proxy-avoidance")
    assert proxy.is_bypass
    assert "fortigate:59" in proxy.vendor_codes
    assert AuditEvent.objects.filter(provider_id=provider.pk, action="create").exists()


def test_examples_keep_a_providers_own_category_settings(provider, other_provider, dsl):
    install_example_lists(actor=dsl, provider=provider)
    Category.objects.for_provider(provider).filter(key="weapons-example").update(severity="low")
    install_example_lists(actor=dsl, provider=provider)
    assert Category.objects.for_provider(provider).get(key="weapons-example").severity == "low"
    assert not Category.objects.for_provider(other_provider).exists()
