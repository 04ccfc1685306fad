"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator

from preventhub.accounts.models import RoleAssignment, User
from preventhub.core.models import Department, Provider, ProviderGroup, Site
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person

TEST_PASSWORD = "a-long-test-password-42"


class ScopedFactory(factory.django.DjangoModelFactory):
    """Scoped models refuse unscoped ``objects`` queries; factories use the plain manager."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class: Any) -> Any:
        return model_class._default_manager


class ProviderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderGroup

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    slug = factory.Sequence(lambda n: f"provider-{n}")
    name = factory.Sequence(lambda n: f"Provider College {n}")
    type = "general_fe_college"


class SiteFactory(ScopedFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Campus {n}")


class DepartmentFactory(ScopedFactory):
    class Meta:
        model = Department

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save()


class PersonFactory(ScopedFactory):
    class Meta:
        model = Person

    provider = factory.SubFactory(ProviderFactory)
    kind = PersonKind.LEARNER
    mis_id = factory.Sequence(lambda n: f"MIS{n:06d}")
    first_name = factory.Sequence(lambda n: f"Sam{n}")
    last_name = factory.Sequence(lambda n: f"Learner{n}")


class StaffPersonFactory(PersonFactory):
    kind = PersonKind.STAFF
    job_category = JobCategory.TEACHING
    last_name = factory.Sequence(lambda n: f"Staff{n}")


def grant(user: User, provider: Provider, *roles: str) -> User:
    for role in roles:
        RoleAssignment.unscoped.get_or_create(provider=provider, user=user, role=role)
    return user


def add_totp(user: User) -> Authenticator:
    """Give a user a TOTP authenticator so the mandatory-2FA gate lets them through."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance


def make_concern(provider: Provider, reporter: User | None = None, **overrides: Any) -> Any:
    """A concern raised through the service, as a reporter would (returns the Concern)."""
    from django.utils import timezone

    from preventhub.concerns.services import concern_raise

    fields: dict[str, Any] = {
        "subject_type": "learner",
        "subject_name": "Alex Example",
        "description": "Said things in class that worried me.",
        "occurred_at": timezone.now(),
        "category": "prevent",
        "ideology": "extreme_right_wing",
        "indicators": ["extremist_language"],
        "location": "Room B12",
    }
    fields.update(overrides)
    return concern_raise(actor=reporter, provider=provider, **fields).concern
