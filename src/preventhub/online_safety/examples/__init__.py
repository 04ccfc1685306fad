"""Neutral example lists shipped with PreventHub: made-up ``.test`` domains and placeholder
terms only (no real people, groups or sites), for tests, the demo and the benchmark. A
provider loads its real lists from its filter vendor, Jisc or partners.

``install_example_lists(actor=..., provider=...)`` adds them to a provider through the same
services as the pages; running it again adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from preventhub.core.models import Provider
from preventhub.online_safety.models import Category

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ExampleCategory:
    key: str
    name: str
    severity: str
    blocked: bool
    is_bypass: bool
    vendor_codes: tuple[str, ...]
    domains: tuple[str, ...]


@dataclass(frozen=True)
class ExampleKeyword:
    term: str
    severity: str
    theme: str


@dataclass(frozen=True)
class InstallSummary:
    categories_created: int
    domains_added: int
    keywords_added: int


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]


@cache
def _manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    return loaded


def example_categories() -> list[ExampleCategory]:
    return [
        ExampleCategory(
            key=entry["key"],
            name=entry["name"],
            severity=entry["severity"],
            blocked=entry["blocked"],
            is_bypass=entry["is_bypass"],
            vendor_codes=tuple(entry["vendor_codes"]),
            domains=tuple(_lines(entry["domains"])),
        )
        for entry in _manifest()["categories"]
    ]


def example_keywords() -> list[ExampleKeyword]:
    rows = [line.split("|") for line in _lines(_manifest()["keywords"])]
    return [ExampleKeyword(term=t, severity=s, theme=th) for t, s, th in rows]


def install_example_lists(*, actor: Any, provider: Provider) -> InstallSummary:
    """Add the example categories, their domains and the keywords to ``provider``, leaving
    anything the provider already has (a category with the same key keeps its settings)."""
    from preventhub.online_safety.lists_services import (
        TermEntry,
        category_create,
        domains_store,
        terms_store,
    )

    source = str(_manifest()["source"])
    created = added = 0
    with transaction.atomic():
        for example in example_categories():
            category = Category.objects.for_provider(provider).filter(key=example.key).first()
            if category is None:
                category = category_create(
                    actor=actor,
                    provider=provider,
                    key=example.key,
                    name=example.name,
                    severity=example.severity,
                    blocked=example.blocked,
                    is_bypass=example.is_bypass,
                    vendor_codes=_free_codes(provider, example.vendor_codes),
                )
                created += 1
            new, _ = domains_store(
                actor=actor, category=category, domains=list(example.domains), source=source
            )
            added += new
        entries = [TermEntry(k.term, k.severity, k.theme) for k in example_keywords()]
        keywords, _ = terms_store(actor=actor, provider=provider, entries=entries, source=source)
    return InstallSummary(created, added, keywords)


def _free_codes(provider: Provider, codes: tuple[str, ...]) -> list[str]:
    """The example's vendor codes that no category of the provider maps yet."""
    taken = {
        code
        for mapped in Category.objects.for_provider(provider).values_list("vendor_codes", flat=True)
        for code in (mapped or [])
    }
    return [code for code in codes if code not in taken]
