"""Personas of the filtering module."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def it(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.IT_MANAGER, Role.STAFF, username="it", first_name="Priya",
        last_name="Patel",
    )  # fmt: skip


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.SENIOR_LEADER, Role.STAFF, username="principal", first_name="Helen",
        last_name="Okafor",
    )  # fmt: skip


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.GOVERNOR, username="governor", first_name="Richard", last_name="Hughes"
    )


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR, username="inspector")


@pytest.fixture
def learner(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.LEARNER, username="learner", first_name="Jordan", last_name="Clarke"
    )
