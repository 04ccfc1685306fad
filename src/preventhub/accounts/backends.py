"""The one authentication backend: allauth's sign-in, django-rules' object permissions and
Django's model permissions, with the per-request user load done in one query."""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from preventhub.accounts.selectors import user_with_roles


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]
    """Signs in as allauth's does; ``get_user`` also loads the user's current roles.

    Django calls ``get_user`` on every signed-in request. The ORM's ``get(pk=...)`` plus the
    roles query were two round trips and most of the time was spent compiling SQL; this is one
    hand-written query. Nothing is cached across requests: a disabled user, or a role revoked
    or expired, counts from the next request.

    Permissions are django-rules' (``rules.permissions.ObjectPermissionBackend`` did this as a
    second backend), then Django's model permissions. One backend rather than two because
    Django builds every listed backend afresh on each ``has_perm`` call, and a page makes a
    dozen (~3 % of the people register page).
    """

    def get_user(self, user_id: Any) -> Any:
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(rules.has_perm(perm, user_obj, obj) or super().has_perm(user_obj, perm, obj))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(
            rules.has_perm(app_label, user_obj) or super().has_module_perms(user_obj, app_label)
        )
