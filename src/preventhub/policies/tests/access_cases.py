"""Who may reach the policy register (merged into core/tests/test_route_access.py).

Every role but learner reads published policies; senior_leader and dsl add and edit (and a
policy's owner edits it); the staff role acknowledges; senior_leader, dsl, governor and
inspector see coverage and the findings.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.policies import services
from preventhub.policies.models import Policy
from preventhub.policies.permissions import MANAGERS, OVERSIGHT, READERS
from preventhub.testing.route_cases import Case

READ = frozenset(READERS)
MANAGE = frozenset(MANAGERS)
OVERSEE = frozenset(OVERSIGHT)
STAFF = frozenset({Role.STAFF})
BASE = "/api/v1/policies"


def make_policy(p: Provider, *, document: bool = False, acknowledge: bool = False) -> Policy:
    today = timezone.localdate()
    data = services.PolicyIn(
        policy_type="safeguarding",
        title=f"Safeguarding policy {uuid.uuid4().hex[:8]}",
        version="1.0",
        owner=None,
        status="published",
        approved_on=today - timedelta(days=10),
        review_on=today + timedelta(days=355),
        acknowledgement_required=acknowledge,
    )
    checked = CheckedFile("policy.txt", "text/plain", b"Our Prevent duty lead is the DSL.")
    return services.policy_create(
        actor=None, provider=p, data=data, document=checked if document else None
    )


PAGES: dict[str, Case] = {
    "policies:list": Case(READ),
    "policies:new": Case(MANAGE),
    "policies:to_acknowledge": Case(STAFF),
    "policies:coverage": Case(OVERSEE),
    "policies:export": Case(READ, kwargs=lambda p: {"fmt": "xlsx"}),
    "policies:detail": Case(READ, kwargs=lambda p: {"pk": make_policy(p).pk}, object_bound=True),
    "policies:edit": Case(MANAGE, kwargs=lambda p: {"pk": make_policy(p).pk}, object_bound=True),
    "policies:document": Case(
        READ, kwargs=lambda p: {"pk": make_policy(p, document=True).pk}, object_bound=True
    ),
    "policies:acknowledge": Case(
        STAFF,
        method="POST",
        kwargs=lambda p: {"pk": make_policy(p, acknowledge=True).pk},
        ok=(302,),
        object_bound=True,
    ),
}


def _new_policy(p: Provider) -> dict[str, Any]:
    return {
        "policy_type": "it_acceptable_use",
        "title": f"IT acceptable use {uuid.uuid4().hex[:8]}",
        "version": "2.0",
    }


API: dict[tuple[str, str], Case] = {
    ("GET", BASE): Case(READ),
    ("POST", BASE): Case(MANAGE, data=_new_policy, ok=(201,)),
    # Without a file the upload answers 422 for the roles that may edit the policy.
    ("POST", f"{BASE}/{{policy_id}}/document"): Case(
        MANAGE, kwargs=lambda p: {"policy_id": make_policy(p).pk}, ok=(422,)
    ),
    ("GET", f"{BASE}/findings"): Case(OVERSEE),
}
