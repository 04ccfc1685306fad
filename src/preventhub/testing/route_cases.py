"""The deny-by-default access table's building blocks, shared by every app.

core/tests/test_route_access.py walks every page route and API operation for every role. Each
app declares its own routes in ``preventhub/<app>/tests/access_cases.py`` (dicts ``PAGES`` and
``API`` of ``Case``); ``collect()`` merges them, so a new module never edits the core test.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider

EVERYONE = frozenset(Role.values)
NOBODY: frozenset[str] = frozenset()
SAFEGUARDING = frozenset({Role.DSL, Role.DEPUTY_DSL})


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    method: str = "GET"
    kwargs: Callable[[Provider], dict[str, Any]] | None = None
    data: Callable[[Provider], dict[str, Any]] = field(default=lambda p: {})
    ok: tuple[int, ...] = (200,)
    # Routes whose object belongs to one provider: another provider's users must get 404.
    object_bound: bool = False
    # Undo what one role's request created, before the next role tries (e.g. unique names).
    cleanup: Callable[[Provider], None] | None = None
    # Declared ``core.access.public`` (e.g. a survey answered through its link): anonymous
    # users reach it rather than being sent to sign in.
    public: bool = False


def collect() -> tuple[dict[str, Case], dict[tuple[str, str], Case]]:
    """Every app's PAGES and API tables, merged.

    They come from ``<app>/tests/access_cases*.py`` (one app may keep several, one per part).
    """
    pages: dict[str, Case] = {}
    api: dict[tuple[str, str], Case] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("preventhub."):
            continue
        tests = f"{config.name}.tests"
        spec = importlib.util.find_spec(tests)
        if spec is None or not spec.submodule_search_locations:
            continue
        for info in pkgutil.iter_modules(spec.submodule_search_locations):
            if info.name.startswith("access_cases"):
                module = importlib.import_module(f"{tests}.{info.name}")
                pages.update(getattr(module, "PAGES", {}))
                api.update(getattr(module, "API", {}))
    return pages, api
