"""Who may reach each log-source, settings, category, keyword and list-import route (merged
into the route-access test). Every object belongs to the provider under test; another
provider's users get 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety.permissions import CONFIGURERS, LIST_READERS
from preventhub.online_safety.tests.factories_lists import (
    CategoryFactory,
    KeywordFactory,
    LogSourceFactory,
)
from preventhub.testing.route_cases import Case

CONFIGURE = frozenset(CONFIGURERS)
READ = frozenset(LIST_READERS)


def _unique() -> str:
    return f"{timezone.now():%H%M%S%f}"


def _source(p: Provider) -> dict[str, Any]:
    return {"pk": LogSourceFactory(provider=p, name=f"Proxy {_unique()}").pk}


def _category(p: Provider) -> dict[str, Any]:
    return {"pk": CategoryFactory(provider=p, key=f"category-{_unique()}").pk}


def _keyword(p: Provider) -> dict[str, Any]:
    return {"pk": KeywordFactory(provider=p, term=f"example term {_unique()}").pk}


PAGES: dict[str, Case] = {
    "online_safety:source_list": Case(CONFIGURE),
    "online_safety:source_new": Case(CONFIGURE),
    "online_safety:source_edit": Case(CONFIGURE, kwargs=_source, object_bound=True),
    "online_safety:source_active": Case(
        CONFIGURE, method="POST", kwargs=_source, ok=(302,), object_bound=True
    ),
    "online_safety:monitoring_settings": Case(CONFIGURE),
    "online_safety:category_list": Case(READ),
    "online_safety:category_new": Case(CONFIGURE),
    "online_safety:category_detail": Case(READ, kwargs=_category, object_bound=True),
    "online_safety:category_edit": Case(CONFIGURE, kwargs=_category, object_bound=True),
    "online_safety:domain_remove": Case(
        CONFIGURE, method="POST", kwargs=_category, ok=(302,), object_bound=True
    ),
    "online_safety:keyword_list": Case(READ),
    "online_safety:keyword_edit": Case(CONFIGURE, kwargs=_keyword, object_bound=True),
    "online_safety:list_import": Case(CONFIGURE),
}

BASE = "/api/v1/weblogs"
API: dict[tuple[str, str], Case] = {
    ("GET", BASE + "/categories"): Case(READ),
    ("POST", BASE + "/categories/{name}/domains"): Case(
        CONFIGURE,
        kwargs=lambda p: {"name": "access-example"},
        data=lambda p: {"domains": ["access-example.test"], "severity": "medium"},
    ),
    ("GET", BASE + "/keywords"): Case(READ),
    ("POST", BASE + "/keywords"): Case(
        CONFIGURE, data=lambda p: {"terms": ["example access term"], "severity": "low"}
    ),
}
