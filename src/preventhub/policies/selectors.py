"""Reads of the policy register, always through what the user may see: staff read published
policies (and drafts they own); leaders, governors and inspectors read every policy. A policy
the user may not see answers 404."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.policies.choices import PolicyStatus
from preventhub.policies.models import Acknowledgement, Policy
from preventhub.policies.permissions import OWNERS

NO_DEPARTMENT = "No department recorded"


def _current_roles(provider: Provider | int, roles: tuple[str, ...]) -> QuerySet[RoleAssignment]:
    now = timezone.now()
    return (
        RoleAssignment.objects.for_provider(provider)
        .filter(role__in=list(roles))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


def possible_owners(provider: Provider | int) -> QuerySet[User]:
    """People who may own a policy: active users working here (not governors, inspectors or
    learners)."""
    ids = _current_roles(provider, OWNERS).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


def staff_users(provider: Provider | int) -> QuerySet[User]:
    """Everyone asked to acknowledge policies: active users holding the staff role here."""
    ids = _current_roles(provider, (Role.STAFF,)).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def visible_policies(user: Any, provider: Provider) -> QuerySet[Policy]:
    policies = Policy.objects.for_provider(provider).select_related("owner").order_by("title", "id")
    if user.has_perm("policies.view_all", provider):
        return policies
    return policies.filter(Q(status=PolicyStatus.PUBLISHED) | Q(owner=user))


def get_policy_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Policy:
    try:
        found: Policy = visible_policies(user, provider).get(pk=pk)
    except (ValueError, ValidationError, Policy.DoesNotExist) as exc:
        raise Http404("No such policy.") from exc
    return found


def _acknowledged(user: Any) -> Exists:
    return Exists(
        Acknowledgement.unscoped.filter(
            policy=OuterRef("pk"), user=user, version=OuterRef("version")
        )
    )


def to_acknowledge(user: Any, provider: Provider) -> QuerySet[Policy]:
    """Published policies asked to be acknowledged whose current version ``user`` has not."""
    return (
        Policy.objects.for_provider(provider)
        .filter(status=PolicyStatus.PUBLISHED, acknowledgement_required=True)
        .exclude(_acknowledged(user))
        .order_by("title")
    )


def acknowledged_by(user: Any, provider: Provider) -> QuerySet[Acknowledgement]:
    return (
        Acknowledgement.objects.for_provider(provider)
        .filter(user=user)
        .select_related("policy")
        .order_by("-acknowledged_at")
    )


def acknowledgement_of(user: Any, policy: Policy) -> Acknowledgement | None:
    found: Acknowledgement | None = (
        Acknowledgement.objects.for_provider(policy.provider_id)
        .filter(policy=policy, user=user, version=policy.version)
        .first()
    )
    return found


def policies_to_acknowledge(provider: Provider) -> QuerySet[Policy]:
    """Every published policy staff are asked to acknowledge (the coverage page's choices)."""
    return Policy.objects.for_provider(provider).filter(
        status=PolicyStatus.PUBLISHED, acknowledgement_required=True
    )


@dataclass(frozen=True)
class CoverageRow:
    department: str
    staff: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.staff) if self.staff else 0


def coverage(provider: Provider, policy: Policy) -> list[CoverageRow]:
    """Staff who acknowledged ``policy``'s current version, by the department of their staff
    record (a user without one counts under NO_DEPARTMENT). Three queries, any size."""
    staff_ids = set(staff_users(provider).values_list("pk", flat=True))
    departments: dict[Any, str] = {}
    for user_id, name in (
        Person.objects.for_provider(provider)
        .filter(user_id__in=staff_ids)
        .values_list("user_id", "department__name")
    ):
        departments[user_id] = name or NO_DEPARTMENT
    done = set(
        Acknowledgement.objects.for_provider(provider)
        .filter(policy=policy, version=policy.version, user_id__in=staff_ids)
        .values_list("user_id", flat=True)
    )
    totals: Counter[str] = Counter()
    acknowledged: Counter[str] = Counter()
    for user_id in staff_ids:
        name = departments.get(user_id, NO_DEPARTMENT)
        totals[name] += 1
        acknowledged[name] += user_id in done
    names = sorted(totals, key=lambda n: (n == NO_DEPARTMENT, n.lower()))
    return [CoverageRow(n, totals[n], acknowledged[n]) for n in names]
