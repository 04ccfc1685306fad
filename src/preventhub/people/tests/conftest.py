"""People-register fixtures on top of the shared personas in preventhub/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from preventhub.accounts.models import User
from preventhub.accounts.roles import Role
from preventhub.core.models import Department, Provider, Site
from preventhub.people.importing import ImportReport
from preventhub.people.models import Person
from preventhub.people.services import people_import
from preventhub.testing.factories import (
    DepartmentFactory,
    PersonFactory,
    SiteFactory,
    StaffPersonFactory,
)


@pytest.fixture
def site(provider: Provider) -> Site:
    return SiteFactory(provider=provider, name="North Campus", code="NTH")


@pytest.fixture
def department(provider: Provider) -> Department:
    return DepartmentFactory(provider=provider, name="Engineering", code="ENG")


@pytest.fixture
def hr_user(make_user: Callable[..., User], provider: Provider) -> User:
    return make_user(provider, Role.HR, Role.STAFF, username="hr")


@pytest.fixture
def learner(provider: Provider) -> Person:
    return PersonFactory(provider=provider, first_name="Lena", last_name="Learner")


@pytest.fixture
def staff_person(provider: Provider) -> Person:
    return StaffPersonFactory(provider=provider, first_name="Stan", last_name="Teacher")


@pytest.fixture
def foreign_person(other_provider: Provider) -> Person:
    return PersonFactory(provider=other_provider, first_name="Otto", last_name="Elsewhere")


@pytest.fixture
def run_import(admin_user: User, provider: Provider) -> Callable[..., ImportReport]:
    def run(data: Any, kind: str = "learner", dry_run: bool = False, **kwargs: Any) -> ImportReport:
        return people_import(
            actor=admin_user, provider=provider, source=data, kind=kind, dry_run=dry_run, **kwargs
        )

    return run
