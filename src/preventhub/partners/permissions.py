"""Who may see and manage partnership working (issue 5).

- The safeguarding team and senior leaders (dsl, deputy_dsl, senior_leader) manage the
  partner directory, the engagement log, agreements and subcontractor assurance.
- Governors and inspectors read all of it, except the encrypted details of engagements
  (intelligence may name people): they see the short summary line only.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

MANAGERS = (Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER)
READERS = (*MANAGERS, Role.GOVERNOR, Role.INSPECTOR)

add_perm("partners.view", has_role(*READERS))
add_perm("partners.manage", has_role(*MANAGERS))
add_perm("partners.view_engagement_details", has_role(*MANAGERS))
