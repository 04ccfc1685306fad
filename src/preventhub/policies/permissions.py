"""Who may read, manage and acknowledge policies (issue 5).

- Every member of staff (every role but learner) reads the published policies.
- senior_leader and dsl manage the register; a policy's owner edits their own policy.
- senior_leader, dsl, governor and inspector also see drafts and retired policies, the
  findings and acknowledgement coverage by department.
- Anyone holding the staff role acknowledges the policies they are asked to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

READERS = tuple(r for r in Role.values if r != Role.LEARNER)
MANAGERS = (Role.SENIOR_LEADER, Role.DSL)
OVERSIGHT = (*MANAGERS, Role.GOVERNOR, Role.INSPECTOR)
OWNERS = tuple(r for r in READERS if r not in (Role.GOVERNOR, Role.INSPECTOR))


def _is_owner(user: Any, policy: Any) -> bool:
    owner_id = getattr(policy, "owner_id", None)
    return owner_id is not None and owner_id == getattr(user, "pk", object())


is_owner = Predicate(_is_owner, name="is_policy_owner")

add_perm("policies.view_register", has_role(*READERS))
add_perm("policies.view_all", has_role(*OVERSIGHT))
add_perm("policies.view_findings", has_role(*OVERSIGHT))
add_perm("policies.create", has_role(*MANAGERS))
add_perm("policies.edit", has_role(*MANAGERS) | (has_role(*OWNERS) & is_owner))
add_perm("policies.acknowledge", has_role(Role.STAFF))
