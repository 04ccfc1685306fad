"""The provider's lists in the shape classification needs, built once and cached.

A million-domain category list takes seconds to read from the database, so the compiled form is
kept in memory and in a Parquet file beside the weblog store, keyed by a fingerprint that
changes whenever a category, a domain or a keyword changes (counts, highest ids and the latest
``updated_at``): no stale list survives an edit, and no ingestion pays for the read twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Count, Max

from preventhub.online_safety.choices import SEVERITY_RANK, Severity
from preventhub.online_safety.models import Category, CategoryDomain, Keyword
from preventhub.online_safety.store import store_root


@dataclass(frozen=True)
class CategoryInfo:
    key: str
    severity: str
    blocked: bool
    is_bypass: bool


@dataclass(frozen=True)
class KeywordInfo:
    term: str
    severity: str
    theme: str


@dataclass
class CompiledLists:
    fingerprint: str
    categories: dict[str, CategoryInfo]
    domains: pl.DataFrame  # domain (str), category (str key)
    vendor_codes: dict[str, str]  # "fortigate:12" / "fortigate:extremist groups" → key
    keywords: list[KeywordInfo] = field(default_factory=list)

    def category_table(self) -> pl.DataFrame:
        """One row per category: key, severity rank, blocked, bypass (joined onto hits)."""
        rows = list(self.categories.values())
        return pl.DataFrame(
            {
                "category": [c.key for c in rows],
                "cat_rank": [SEVERITY_RANK[Severity(c.severity)] for c in rows],
                "cat_blocked": [c.blocked for c in rows],
                "cat_bypass": [c.is_bypass for c in rows],
            },
            schema={
                "category": pl.String,
                "cat_rank": pl.Int8,
                "cat_blocked": pl.Boolean,
                "cat_bypass": pl.Boolean,
            },
        )


_MEMORY: dict[int, CompiledLists] = {}


def fingerprint(provider_id: int) -> str:
    cats = Category.objects.for_provider(provider_id).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    doms = CategoryDomain.objects.filter(provider_id=provider_id).aggregate(
        n=Count("id"), top=Max("id")
    )
    kws = Keyword.objects.for_provider(provider_id).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    text = repr((provider_id, cats, doms, kws))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def compiled_lists(provider_id: int) -> CompiledLists:
    key = fingerprint(provider_id)
    cached = _MEMORY.get(provider_id)
    if cached is not None and cached.fingerprint == key:
        return cached
    compiled = _compile(provider_id, key)
    _MEMORY[provider_id] = compiled
    return compiled


def _compile(provider_id: int, key: str) -> CompiledLists:
    categories: dict[str, CategoryInfo] = {}
    vendor: dict[str, str] = {}
    ids: dict[Any, str] = {}
    for cat in Category.objects.for_provider(provider_id):
        categories[cat.key] = CategoryInfo(cat.key, cat.severity, cat.blocked, cat.is_bypass)
        ids[cat.pk] = cat.key
        for code in cat.vendor_codes or []:
            vendor[str(code).strip().lower()] = cat.key
    keywords = [
        KeywordInfo(k.term.lower(), k.severity, k.theme)
        for k in Keyword.objects.for_provider(provider_id)
    ]
    return CompiledLists(key, categories, _domains(provider_id, key, ids), vendor, keywords)


def _cache_path(provider_id: int, key: str) -> Path:
    return store_root() / ".lists" / f"provider={provider_id}-{key}.parquet"


def _domains(provider_id: int, key: str, ids: dict[Any, str]) -> pl.DataFrame:
    path = _cache_path(provider_id, key)
    if path.exists():
        return pl.read_parquet(path)
    table = CategoryDomain._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT domain, category_id FROM {table} WHERE provider_id = %s",  # noqa: S608  (table name from the model, value bound)
            [provider_id],
        )
        rows = cursor.fetchall()
    domains = pl.DataFrame(
        {"domain": [r[0] for r in rows], "category_id": [str(r[1]) for r in rows]},
        schema={"domain": pl.String, "category_id": pl.String},
    )
    del rows
    keys = {str(pk).replace("-", ""): k for pk, k in ids.items()} | {
        str(pk): k for pk, k in ids.items()
    }
    domains = domains.select(
        "domain",
        pl.col("category_id")
        .replace_strict(keys, default=None, return_dtype=pl.String)
        .alias("category"),
    ).drop_nulls()
    _save(path, domains)
    return domains


def _save(path: Path, frame: pl.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(path.name.split("-", 1)[0] + "-*.parquet"):
        old.unlink(missing_ok=True)
    temporary = path.with_suffix(".tmp")
    frame.write_parquet(temporary)
    os.replace(temporary, path)


def forget() -> None:
    """Drop the in-memory copies (tests that edit lists directly in the database)."""
    _MEMORY.clear()
