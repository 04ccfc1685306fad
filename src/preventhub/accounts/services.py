"""Writes about users, roles and tokens. Each one audits in the same transaction."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from preventhub.accounts.models import ApiToken, GroupMembership, RoleAssignment, User, hash_token
from preventhub.accounts.roles import ALL_ROLES, Role
from preventhub.accounts.selectors import forget_roles, roles_for
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider, ProviderGroup


def user_create(
    *,
    actor: Any,
    username: str,
    email: str,
    provider: Provider | None,
    roles: list[str],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, str | None]:
    """Create a user with roles at one provider. Returns the user and a generated password, if any."""
    unknown = sorted(set(roles) - ALL_ROLES)
    if unknown:
        raise ValidationError(f"Unknown role(s): {', '.join(unknown)}. Valid roles: {', '.join(sorted(ALL_ROLES))}.")
    if roles and provider is None:
        raise ValidationError("Roles are held at a provider: name the provider.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"A user called {username!r} already exists.")
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(18)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(actor=actor, action="create", obj=user, provider_id=provider.pk if provider else None,
                     changed_fields=["username", "email", "first_name", "last_name", "password"])
        for role in roles:
            role_grant(actor=actor, user=user, provider=provider, role=role)  # type: ignore[arg-type]
    return user, generated


def role_grant(
    *, actor: Any, user: User, provider: Provider, role: str, expires_at: datetime | None = None
) -> RoleAssignment:
    if role not in ALL_ROLES:
        raise ValidationError(f"Unknown role {role!r}.")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.for_provider(provider).get_or_create(
            user=user, role=role, defaults={"provider": provider, "granted_by": _user_or_none(actor), "expires_at": expires_at}
        )
        if not created and assignment.expires_at != expires_at:
            assignment.expires_at = expires_at
            assignment.save(update_fields=["expires_at", "updated_at"])
        if created or assignment.expires_at != expires_at:
            audit_record(actor=actor, action="grant_role", obj=assignment,
                         detail={"user_id": user.pk, "role": role})
    forget_roles(user)
    return assignment


def role_revoke(*, actor: Any, user: User, provider: Provider, role: str) -> None:
    with transaction.atomic():
        assignment = RoleAssignment.objects.for_provider(provider).filter(user=user, role=role).first()
        if assignment is None:
            raise ValidationError(f"{user.username} does not hold the role {role} here.")
        if role == Role.DSL and _is_last_dsl(provider, user):
            raise ValidationError("A provider must keep at least one designated safeguarding lead.")
        audit_record(actor=actor, action="revoke_role", obj=assignment, detail={"user_id": user.pk, "role": role})
        assignment.delete()
    forget_roles(user)


def _is_last_dsl(provider: Provider, user: User) -> bool:
    others = RoleAssignment.objects.for_provider(provider).filter(role=Role.DSL).exclude(user=user)
    return not others.filter(user__is_active=True).exists()


def user_set_active(*, actor: Any, user: User, active: bool, provider: Provider | None = None) -> User:
    """Enable or disable a user. Disabling ends every session and revokes API tokens at once."""
    from allauth.usersessions.models import UserSession

    if actor is not None and getattr(actor, "pk", None) == user.pk and not active:
        raise ValidationError("You cannot disable your own account.")
    with transaction.atomic():
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            for session in UserSession.objects.filter(user=user):
                session.end()
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=actor, action="enable" if active else "disable", obj=user,
                     provider_id=provider.pk if provider else None, changed_fields=["is_active"])
    forget_roles(user)
    return user


def token_create(*, actor: Any, user: User, name: str = "default", expires_at: datetime | None = None) -> str:
    """Create an API token and return it; only its hash is kept."""
    if not user.is_active:
        raise ValidationError(f"{user.username} is disabled; a disabled user cannot have a token.")
    raw = ApiToken.generate_raw()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), hint=raw[:10], expires_at=expires_at)
        audit_record(actor=actor, action="create_token", obj=token, detail={"user_id": user.pk})
    return raw


def group_add_member(*, actor: Any, group: ProviderGroup, user: User) -> GroupMembership:
    with transaction.atomic():
        membership, created = GroupMembership.objects.get_or_create(group=group, user=user)
        if created:
            audit_record(actor=actor, action="create", obj=membership, detail={"group_id": group.pk, "user_id": user.pk})
    return membership


def user_can_grant(actor: Any, provider: Provider, role: str) -> bool:
    """An admin may grant any role; a dsl may grant any role except admin."""
    held = roles_for(actor, provider)
    return Role.ADMIN in held or (Role.DSL in held and role != Role.ADMIN)


def _user_or_none(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None
