"""Enumerate every route the project serves, for the deny-by-default access tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from preventhub.core.access import policy_of


@dataclass(frozen=True)
class PageRoute:
    name: str  # "namespace:name"
    pattern: str
    callback: Any

    @property
    def policy(self) -> str | None:
        return policy_of(self.callback)


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # e.g. /api/v1/people/{person_id}
    view_func: Any

    @property
    def policy(self) -> str | None:
        return policy_of(self.view_func)


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[PageRoute]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield PageRoute(f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback)


def project_page_routes() -> list[PageRoute]:
    """Every page route served by PreventHub's own views (allauth's and the API's excluded)."""
    routes = _walk(get_resolver().url_patterns, "/", "")
    return [
        r
        for r in routes
        if r.callback.__module__.startswith("preventhub.") and not r.pattern.startswith("/api/")
    ]


def api_routes() -> list[ApiRoute]:
    from preventhub.api.api import api

    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = "/api/v1" + "/".join(
                    p.strip("/") for p in ("", prefix, path) if p.strip("/")
                )
                full = "/api/v1/" + full.removeprefix("/api/v1").lstrip("/")
                for method in operation.methods:
                    found.append(ApiRoute(method, full, operation.view_func))
    return found
