"""Personas of the training module."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def lead(make_user: Any, provider: Any) -> Any:
    """The training lead (with a staff role too, as in a real college)."""
    return make_user(provider, Role.TRAINING_LEAD, Role.STAFF, username="cpd")


@pytest.fixture
def hr(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.HR, Role.STAFF, username="hr")


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR, username="inspector")
