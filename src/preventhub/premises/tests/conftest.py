"""Personas of the premises module."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def estates(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.ESTATES, Role.STAFF, username="estates", first_name="Dariusz",
        last_name="Nowak",
    )  # fmt: skip


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER, username="principal")


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR, username="inspector")


@pytest.fixture
def learner(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.LEARNER, username="learner")
