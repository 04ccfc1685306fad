"""Personas of the compliance module."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider,
        Role.SENIOR_LEADER,
        Role.STAFF,
        username="principal",
        first_name="Helen",
        last_name="Okafor",
    )


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR, username="inspector")
