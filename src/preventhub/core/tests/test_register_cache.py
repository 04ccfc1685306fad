"""Cached register fragments and the Redis cache backend used at scale."""

import socket

import pytest

from preventhub.core.cache_backends import ReusingRedisCache
from preventhub.core.register_cache import cached_fragments, register_changed


def test_fragment_is_rendered_once_until_the_register_changes(db):
    calls = []

    def render():
        calls.append(1)
        return f"<p>{len(calls)}</p>"

    first = cached_fragments("people", 1, "page=1", {"table-all": render})
    again = cached_fragments("people", 1, "page=1", {"table-all": render})
    assert first == again == {"table-all": "<p>1</p>"}
    register_changed("people", 1)
    assert cached_fragments("people", 1, "page=1", {"table-all": render}) == {
        "table-all": "<p>2</p>"
    }


def test_fragments_are_separate_per_provider_query_and_name(db):
    one = cached_fragments("people", 1, "q=a", {"table-all": lambda: "all"})
    assert cached_fragments("people", 2, "q=a", {"table-all": lambda: "other"}) != one
    assert cached_fragments("people", 1, "q=b", {"table-all": lambda: "b"}) == {"table-all": "b"}
    assert cached_fragments("people", 1, "q=a", {"table-staff": lambda: "staff"}) == {
        "table-staff": "staff"
    }


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_cache_reuses_one_client_per_pool():
    cache = ReusingRedisCache("redis://127.0.0.1:6379/6", {"KEY_PREFIX": "ph-test"})
    cache.set("k", {"v": 1}, 30)
    assert cache.get("k") == {"v": 1}
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    cache.delete("k")
