from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from preventhub.accounts.roles import TWO_FACTOR_ROLES
from preventhub.accounts.selectors import all_roles


def has_totp(user: Any) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def requires_two_factor(user: Any) -> bool:
    return bool(all_roles(user) & TWO_FACTOR_ROLES)
