"""Personas of the speakers module (tests may define their own with the same names)."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.SPEAKER_COORDINATOR, Role.STAFF, username="events", first_name="Eve",
        last_name="Coordinator",
    )  # fmt: skip


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER, username="principal")


@pytest.fixture
def deputy(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.DEPUTY_DSL, username="deputy")


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR, username="inspector")


@pytest.fixture
def estates(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.ESTATES, Role.STAFF, username="estates")
