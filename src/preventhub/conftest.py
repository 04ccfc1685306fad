"""Shared personas: per provider a dsl, a staff member and more; plus an outsider provider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from preventhub.accounts.models import User
from preventhub.accounts.roles import TWO_FACTOR_ROLES, Role
from preventhub.core.models import Provider
from preventhub.testing.factories import ProviderFactory, UserFactory, add_totp, grant


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits and used 2FA codes live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def provider(db: Any) -> Provider:
    return ProviderFactory(slug="home-college", name="Home College")


@pytest.fixture
def other_provider(db: Any) -> Provider:
    return ProviderFactory(slug="other-college", name="Other College")


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """make_user(provider, "dsl", "staff") -> a user holding those roles, with TOTP if required."""

    def make(provider: Provider, *roles: str, totp: bool | None = None, **kwargs: Any) -> User:
        user = UserFactory(**kwargs)
        grant(user, provider, *roles)
        needs = bool(set(roles) & TWO_FACTOR_ROLES)
        if totp if totp is not None else needs:
            add_totp(user)
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        client.force_login(user)
        return client

    return do


@pytest.fixture
def dsl(make_user: Callable[..., User], provider: Provider) -> User:
    return make_user(provider, Role.DSL, Role.STAFF, username="dsl")


@pytest.fixture
def staff(make_user: Callable[..., User], provider: Provider) -> User:
    return make_user(provider, Role.STAFF, username="staff")


@pytest.fixture
def admin_user(make_user: Callable[..., User], provider: Provider) -> User:
    return make_user(provider, Role.ADMIN, username="sysadmin")


@pytest.fixture
def outsider(make_user: Callable[..., User], other_provider: Provider) -> User:
    """A dsl at another provider: must never see this provider's records."""
    return make_user(other_provider, Role.DSL, Role.STAFF, username="outsider")


@pytest.fixture
def api_client() -> Callable[[User], Client]:
    """api_client(user) -> a fresh client that sends that user's bearer token."""
    from preventhub.accounts.services import token_create

    def make(user: User) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=None, user=user)}")

    return make
