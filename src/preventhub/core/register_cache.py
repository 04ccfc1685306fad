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


def _new_version(key: str) -> str:
    version = uuid.uuid4().hex
    cache.add(key, version, None)
    return str(cache.get(key, version))


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
    may see different records must never share a name. Each fragment is stored with the
    register version it was rendered at, so the version and the fragments come back in one
    cache round trip and a fragment from a retired version is simply rendered again.
    """
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    version_key = _version_key(register, provider_id)
    keys = {name: f"register:{register}:{provider_id}:{name}:{digest}" for name in renders}
    found = cache.get_many([version_key, *keys.values()])
    version = found.get(version_key) or _new_version(version_key)
    html: dict[str, str] = {}
    for name, key in keys.items():
        stored = found.get(key)
        if stored is None or stored[0] != version:
            stored = (version, renders[name]())
            cache.set(key, stored, FRAGMENT_TIMEOUT)
        html[name] = str(stored[1])
    return html
