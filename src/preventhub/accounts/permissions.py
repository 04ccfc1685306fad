"""Declarative authorisation rules (django-rules). Object-level: the object names its provider.

Every permission is evaluated against an object that is a Provider or has a ``provider_id``;
a role counts only at that provider. Modules add their own rules in their permissions.py,
built from the predicates here.
"""

from __future__ import annotations

from typing import Any

import rules

from preventhub.accounts.roles import ROLE_GRANTERS, Role
from preventhub.accounts.selectors import roles_for
from preventhub.core.models import Provider


def provider_id_of(obj: Any) -> int | None:
    if isinstance(obj, Provider):
        return obj.pk
    return getattr(obj, "provider_id", None)


def has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        provider_id = provider_id_of(obj)
        return provider_id is not None and bool(roles_for(user, provider_id) & wanted)

    return rules.predicate(check, name=f"has_role({','.join(sorted(wanted))})")


is_member = has_role(*Role.values)
is_safeguarding_team = has_role(Role.DSL, Role.DEPUTY_DSL)
is_admin = has_role(Role.ADMIN)
can_grant_roles = has_role(*ROLE_GRANTERS)

rules.add_perm("core.view_home", is_member)
rules.add_perm("accounts.list_users", has_role(Role.ADMIN, Role.DSL))
rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.grant_roles", can_grant_roles)
rules.add_perm("core.view_organisation", is_member)
rules.add_perm("core.manage_organisation", is_admin)
