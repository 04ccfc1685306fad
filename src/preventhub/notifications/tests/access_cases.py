"""Who may reach the notifications pages: anyone signed in at a provider, for their own."""

from __future__ import annotations

from typing import Any

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.notifications.services import notify
from preventhub.testing.factories import UserFactory, grant
from preventhub.testing.route_cases import EVERYONE, NOBODY, Case


def _someone_elses(p: Provider) -> dict[str, Any]:
    other = grant(UserFactory(), p, Role.STAFF)
    return {"pk": notify(provider=p, users=[other], message="Test", url="/")[0].pk}


PAGES: dict[str, Case] = {
    "notifications:list": Case(EVERYONE),
    "notifications:read_all": Case(EVERYONE, method="POST", ok=(302,)),
    # Only the notification's own user may open it; everyone else is told it does not exist.
    "notifications:open": Case(NOBODY, method="POST", kwargs=_someone_elses, object_bound=True),
}
