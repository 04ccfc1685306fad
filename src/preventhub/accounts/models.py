"""Users, their roles per provider, group membership and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import ProviderGroup
from preventhub.core.scoping import ProviderScopedModel


class User(AbstractUser):
    """A person who signs in. What they may see comes only from their RoleAssignments."""

    class Meta:
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(ProviderScopedModel):
    """One role held by one user at one provider; inspectors' roles expire."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "user", "role"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def is_current(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()


class GroupMembership(models.Model):
    """A group-level user (trust or regional lead): sees anonymised aggregates across providers."""

    group = models.ForeignKey(ProviderGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"


TOKEN_PREFIX = "ph_"  # noqa: S105  (a public marker for PreventHub tokens, not a secret)


def hash_token(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash suffices and allows indexed lookup.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="First characters, to recognise the token.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"

    @staticmethod
    def generate_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def is_usable(self) -> bool:
        now = timezone.now()
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired and self.user.is_active
