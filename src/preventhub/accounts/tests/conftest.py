"""Helpers for the accounts tests: a clean cache (rate limits, used TOTP codes) per test and
signing in through the real sign-in form rather than force_login."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from preventhub.accounts.models import User
from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.testing.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str, offset: int = 0) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset)))


def totp_secret_of(user: User) -> str:
    auth = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(auth.data["secret"]))


def sign_in(client: Client, login: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": login, "password": password})


def normalised(html: str, *typed: str) -> str:
    """A page without its per-response CSRF token and the values the user typed."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


@pytest.fixture
def deputy(make_user: Callable[..., User], provider: Provider) -> User:
    return make_user(provider, Role.DEPUTY_DSL, username="deputy")


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A separate signed-in client per user (the shared ``client`` holds one session)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
