"""Rules the services enforce whoever calls them (views, commands, API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from preventhub.accounts.models import ApiToken, RoleAssignment
from preventhub.accounts.roles import Role
from preventhub.accounts.services import (
    role_grant,
    role_revoke,
    token_create,
    token_revoke,
    user_create,
    user_set_active,
)
from preventhub.audit.models import AuditEvent
from preventhub.testing.factories import ProviderFactory, grant

LATER = dt.timedelta(days=10)


def test_inspector_role_without_an_end_is_refused(staff, provider):
    with pytest.raises(ValidationError, match="time-limited"):
        role_grant(actor=None, user=staff, provider=provider, role=Role.INSPECTOR)


def test_inspector_role_with_an_end_is_granted_and_audited(staff, provider):
    ends = timezone.now() + LATER
    assignment = role_grant(
        actor=None, user=staff, provider=provider, role=Role.INSPECTOR, expires_at=ends
    )
    assert assignment.expires_at == ends
    event = AuditEvent.objects.get(action="grant_role", object_id=str(assignment.pk))
    assert event.detail["role"] == Role.INSPECTOR


def test_an_end_in_the_past_is_refused(staff, provider):
    with pytest.raises(ValidationError, match="future"):
        role_grant(
            actor=None,
            user=staff,
            provider=provider,
            role=Role.HR,
            expires_at=timezone.now() - dt.timedelta(minutes=1),
        )


def test_expired_inspector_holds_no_role(staff, provider):
    from preventhub.accounts.selectors import forget_roles, roles_for

    grant_ = role_grant(
        actor=None,
        user=staff,
        provider=provider,
        role=Role.INSPECTOR,
        expires_at=timezone.now() + LATER,
    )
    RoleAssignment.unscoped.filter(pk=grant_.pk).update(expires_at=timezone.now())
    forget_roles(staff)
    assert Role.INSPECTOR not in roles_for(staff, provider)


def test_dsl_actor_cannot_grant_admin_even_through_the_service(dsl, staff, provider):
    with pytest.raises(PermissionDenied):
        role_grant(actor=dsl, user=staff, provider=provider, role=Role.ADMIN)


def test_deputy_actor_cannot_grant_anything(make_user, provider, staff):
    deputy = make_user(provider, Role.DEPUTY_DSL)
    with pytest.raises(PermissionDenied):
        role_grant(actor=deputy, user=staff, provider=provider, role=Role.HR)
    with pytest.raises(PermissionDenied):
        role_revoke(actor=deputy, user=staff, provider=provider, role=Role.STAFF)


def test_dsl_at_another_provider_cannot_grant_here(outsider, staff, provider):
    with pytest.raises(PermissionDenied):
        role_grant(actor=outsider, user=staff, provider=provider, role=Role.HR)


def test_last_admin_cannot_be_removed(admin_user, provider):
    with pytest.raises(ValidationError, match="administrator"):
        role_revoke(actor=None, user=admin_user, provider=provider, role=Role.ADMIN)


def test_create_user_with_an_inspector_end_date(provider):
    ends = timezone.now() + LATER
    user, password = user_create(
        actor=None,
        username="insp",
        email="insp@example.org",
        provider=provider,
        roles=[Role.INSPECTOR, Role.STAFF],
        role_expiry={Role.INSPECTOR: ends},
    )
    expiries = dict(
        RoleAssignment.objects.for_provider(provider)
        .filter(user=user)
        .values_list("role", "expires_at")
    )
    assert expiries == {Role.INSPECTOR: ends, Role.STAFF: None}
    assert password is not None
    assert user.check_password(password)


def test_invited_user_has_no_usable_password(provider):
    user, password = user_create(
        actor=None,
        username="inv",
        email="inv@example.org",
        provider=provider,
        roles=[Role.STAFF],
        invite=True,
    )
    assert password is None
    assert not user.has_usable_password()


def test_common_password_is_refused_when_creating(provider):
    with pytest.raises(ValidationError, match="too common"):
        user_create(
            actor=None,
            username="weak",
            email="weak@example.org",
            provider=provider,
            roles=[Role.STAFF],
            password="password1234",
        )


def test_disabling_from_a_provider_refuses_people_used_elsewhere(admin_user, staff, provider):
    grant(staff, ProviderFactory(), Role.STAFF)
    with pytest.raises(ValidationError, match="another organisation"):
        user_set_active(actor=admin_user, user=staff, active=False, provider=provider)
    user_set_active(actor=None, user=staff, active=False)  # a command may
    staff.refresh_from_db()
    assert not staff.is_active


def test_token_revoke_is_audited_and_idempotent(staff):
    token_create(actor=None, user=staff)
    token = ApiToken.objects.get(user=staff)
    token_revoke(actor=staff, token=token)
    first = token.revoked_at
    token_revoke(actor=staff, token=token)
    assert token.revoked_at == first is not None
    assert AuditEvent.objects.filter(action="revoke_token").count() == 1
