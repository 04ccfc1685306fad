"""Writes about users, roles and tokens. Each one audits in the same transaction."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import ApiToken, GroupMembership, RoleAssignment, User, hash_token
from preventhub.accounts.roles import ALL_ROLES, Role
from preventhub.accounts.selectors import forget_roles, roles_for
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider, ProviderGroup

# A provider must always have someone in these roles: the duty needs a named lead, and
# someone must be able to manage access.
_ROLES_NEVER_LEFT_EMPTY = {Role.DSL: "designated safeguarding lead", Role.ADMIN: "administrator"}


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
    role_expiry: dict[str, datetime] | None = None,
    invite: bool = False,
) -> tuple[User, str | None]:
    """Create a user with roles at one provider.

    Returns the user and a generated password, if one was generated. With ``invite`` the user
    gets no usable password: they set one through the link that ``user_invite`` e-mails.
    ``role_expiry`` maps a role to the moment it ends (inspectors' roles must end).
    """
    _check_new_user(username=username, provider=provider, roles=roles)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    generated = None
    if password is None and not invite:
        generated = password = secrets.token_urlsafe(18)
    if password is not None:
        validate_password(password, user)
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        if email:
            email_address_vouch(user)
        audit_record(
            actor=actor,
            action="create",
            obj=user,
            provider_id=provider.pk if provider else None,
            changed_fields=["username", "email", "first_name", "last_name", "password"],
        )
        if provider is not None:
            for role in roles:
                expires_at = (role_expiry or {}).get(role)
                role_grant(
                    actor=actor, user=user, provider=provider, role=role, expires_at=expires_at
                )
    return user, generated


def email_address_vouch(user: User) -> None:
    """Record the user's e-mail address as verified.

    Accounts are made by administrators (no self sign-up), and a password link sent there
    proves the person reads it. allauth refuses to add 2FA while an address is unverified,
    which would leave a dsl unable to finish the mandatory set-up.
    """
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def _check_new_user(*, username: str, provider: Provider | None, roles: list[str]) -> None:
    unknown = sorted(set(roles) - ALL_ROLES)
    if unknown:
        valid = ", ".join(sorted(ALL_ROLES))
        raise ValidationError(f"Unknown role(s): {', '.join(unknown)}. Valid roles: {valid}.")
    if roles and provider is None:
        raise ValidationError("Roles are held at a provider: name the provider.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"A user called {username!r} already exists.")


def user_invite(*, actor: Any, user: User, provider: Provider, request: HttpRequest) -> None:
    """E-mail the user a link to set their password (allauth's password-reset key)."""
    from allauth.account import app_settings as allauth_settings
    from allauth.account.utils import user_pk_to_url_str

    if not user.email:
        raise ValidationError(f"{user.username} has no e-mail address to send an invitation to.")
    if not user.is_active:
        raise ValidationError(f"{user.username} is disabled; enable the account first.")
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    kwargs = {"uidb36": user_pk_to_url_str(user), "key": token}
    url = request.build_absolute_uri(reverse("account_reset_password_from_key", kwargs=kwargs))
    context = {"user": user, "provider": provider, "url": url}
    with transaction.atomic():
        audit_record(actor=actor, action="invite", obj=user, provider_id=provider.pk)
        transaction.on_commit(lambda: _send_invitation(user.email, context))


def _send_invitation(email: str, context: dict[str, Any]) -> None:
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_message.txt", context)
    EmailMessage(subject, body, to=[email]).send()


def role_grant(
    *,
    actor: Any,
    user: User,
    provider: Provider,
    role: str,
    expires_at: datetime | None = None,
) -> RoleAssignment:
    """Give ``user`` a role at ``provider`` (or change its expiry). Inspectors' roles expire."""
    _check_grant(actor=actor, provider=provider, role=role, expires_at=expires_at)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.for_provider(provider).get_or_create(
            user=user,
            role=role,
            defaults={
                "provider": provider,
                "granted_by": _user_or_none(actor),
                "expires_at": expires_at,
            },
        )
        changed = not created and assignment.expires_at != expires_at
        if changed:
            assignment.expires_at = expires_at
            assignment.save(update_fields=["expires_at", "updated_at"])
        if created or changed:
            detail = {"user_id": user.pk, "role": role, "expires_at": _iso(expires_at)}
            audit_record(actor=actor, action="grant_role", obj=assignment, detail=detail)
    forget_roles(user)
    return cast(RoleAssignment, assignment)


def _check_grant(*, actor: Any, provider: Provider, role: str, expires_at: datetime | None) -> None:
    if role not in ALL_ROLES:
        raise ValidationError(f"Unknown role {role!r}.")
    _check_may_change(actor, provider, role)
    if role == Role.INSPECTOR and expires_at is None:
        raise ValidationError("An inspector's access is time-limited: give an expiry date.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("The expiry date must be in the future.")


def _check_may_change(actor: Any, provider: Provider, role: str) -> None:
    """A signed-in actor needs the right to grant this role here; commands (no actor) may."""
    if isinstance(actor, User) and not user_can_grant(actor, provider, role):
        raise PermissionDenied(f"You cannot grant or remove the role {role!r} here.")


def role_revoke(*, actor: Any, user: User, provider: Provider, role: str) -> None:
    _check_may_change(actor, provider, role)
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.for_provider(provider).filter(user=user, role=role).first()
        )
        if assignment is None:
            raise ValidationError(f"{user.username} does not hold the role {role} here.")
        if role in _ROLES_NEVER_LEFT_EMPTY and _is_last_holder(provider, user, role):
            label = _ROLES_NEVER_LEFT_EMPTY[Role(role)]
            raise ValidationError(f"A provider must keep at least one {label}.")
        detail = {"user_id": user.pk, "role": role}
        audit_record(actor=actor, action="revoke_role", obj=assignment, detail=detail)
        assignment.delete()
    forget_roles(user)


def _is_last_holder(provider: Provider, user: User, role: str) -> bool:
    others = RoleAssignment.objects.for_provider(provider).filter(role=role).exclude(user=user)
    return not others.filter(user__is_active=True).exists()


def user_set_active(
    *, actor: Any, user: User, active: bool, provider: Provider | None = None
) -> User:
    """Enable or disable a user. Disabling ends every session and revokes API tokens at once.

    From a provider's pages (``provider`` given) only accounts used solely at that provider
    can be switched: one provider must not lock a person out of another.
    """
    if actor is not None and getattr(actor, "pk", None) == user.pk and not active:
        raise ValidationError("You cannot disable your own account.")
    if provider is not None and _has_roles_elsewhere(user, provider):
        raise ValidationError(
            "This account is also used at another organisation, so it cannot be disabled or "
            "enabled from here. Remove the person's roles here instead."
        )
    with transaction.atomic():
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            _end_sessions_and_tokens(user)
        audit_record(
            actor=actor,
            action="enable" if active else "disable",
            obj=user,
            provider_id=provider.pk if provider else None,
            changed_fields=["is_active"],
        )
    forget_roles(user)
    return user


def _has_roles_elsewhere(user: User, provider: Provider) -> bool:
    return RoleAssignment.unscoped.filter(user=user).exclude(provider=provider).exists()


def _end_sessions_and_tokens(user: User) -> None:
    from allauth.usersessions.models import UserSession

    # Any session allauth did not track is refused anyway: the auth backend rejects
    # inactive users on every request.
    for session in UserSession.objects.filter(user=user):
        session.end()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_create(
    *, actor: Any, user: User, name: str = "default", expires_at: datetime | None = None
) -> str:
    """Create an API token and return it; only its hash is kept."""
    if not user.is_active:
        raise ValidationError(f"{user.username} is disabled; a disabled user cannot have a token.")
    raw = ApiToken.generate_raw()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=hash_token(raw), hint=raw[:10], expires_at=expires_at
        )
        audit_record(actor=actor, action="create_token", obj=token, detail={"user_id": user.pk})
    return raw


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Stop a token working at once. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        detail = {"user_id": token.user_id}
        audit_record(actor=actor, action="revoke_token", obj=token, detail=detail)
    return token


def group_add_member(*, actor: Any, group: ProviderGroup, user: User) -> GroupMembership:
    with transaction.atomic():
        membership, created = GroupMembership.objects.get_or_create(group=group, user=user)
        if created:
            detail = {"group_id": group.pk, "user_id": user.pk}
            audit_record(actor=actor, action="create", obj=membership, detail=detail)
    return membership


def user_can_grant(actor: Any, provider: Provider, role: str) -> bool:
    """An admin may grant any role; a dsl may grant any role except admin."""
    held = roles_for(actor, provider)
    return Role.ADMIN in held or (Role.DSL in held and role != Role.ADMIN)


def _user_or_none(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
