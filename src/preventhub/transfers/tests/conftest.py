"""Fixtures for record transfer: two institutions, each with a safeguarding lead."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture(autouse=True)
def _cheap_key_derivation(settings: Any) -> None:
    """The lowest scrypt cost a reader accepts, so the tests stay quick."""
    settings.TRANSFER_SCRYPT_LOG2_N = 14


@pytest.fixture
def other_dsl(make_user: Any, other_provider: Any) -> Any:
    return make_user(other_provider, Role.DSL, Role.STAFF, username="other-dsl")
