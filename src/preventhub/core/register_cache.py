"""Rendered fragments of registers, cached until the register changes.

A register's version is a random token per provider kept in the cache; every write to the
register replaces it *after commit*, so a fragment rendered from old data is never served under
the new version. Keys also carry the viewer's visibility scope and the query string, so users who
may see different records never share a fragment.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

FRAGMENT_TIMEOUT = 3600


def _version_key(register: str, provider_id: int) -> str:
    return f"register:{register}:{provider_id}:version"


def register_version(register: str, provider_id: int) -> str:
    key = _version_key(register, provider_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key, version)
    return str(version)


def register_changed(register: str, provider_id: int) -> None:
    """Call inside the writing transaction.

    The version changes now and again once the write is committed: a fragment rendered from
    the old data in between is cached under a version that the commit retires.
    """

    def bump() -> None:
        cache.set(_version_key(register, provider_id), uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def cached_fragments(
    register: str, provider_id: int, query: str, renders: dict[str, Callable[[], str]]
) -> dict[str, str]:
    """Render each fragment named in ``renders`` (name -> renderer) or take it from the cache.

    The name must say who may see the fragment (e.g. the viewer's visibility scope): users who
    may see different records must never share a name.
    """
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    version = register_version(register, provider_id)
    keys = {
        name: f"register:{register}:{provider_id}:{version}:{name}:{digest}" for name in renders
    }
    found = cache.get_many(list(keys.values()))
    html: dict[str, str] = {}
    for name, key in keys.items():
        if key not in found:
            found[key] = renders[name]()
            cache.set(key, found[key], FRAGMENT_TIMEOUT)
        html[name] = str(found[key])
    return html
