"""Personas of the curriculum module: the curriculum lead, a teacher, a governor, a learner."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.accounts.roles import Role


@pytest.fixture
def curriculum_lead(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.CURRICULUM_LEAD, Role.STAFF, username="cl", first_name="Sian",
        last_name="Davies",
    )  # fmt: skip


@pytest.fixture
def teacher(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.STAFF, username="teacher", first_name="Tom", last_name="Bennett"
    )


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


@pytest.fixture
def learner_user(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.LEARNER, username="learner")
