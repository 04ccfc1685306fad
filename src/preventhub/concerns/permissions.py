"""Who may raise, see and work on concerns (PRODUCT.md roles table; need-to-know by default).

- Anyone working or learning at the provider may raise a concern (an inspector may not: their
  access is read-only) and see the status of the concerns they raised, never their content.
- The safeguarding team (dsl, deputy_dsl) sees and works every concern and decides.
- hr sees and adds to concerns whose subject is a member of staff, with the team.
- senior_leader, governor and inspector see anonymised statistics only; admin sees none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role
from preventhub.concerns.choices import SubjectType

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

RAISERS = tuple(r for r in Role.values if r != Role.INSPECTOR)
TEAM = (Role.DSL, Role.DEPUTY_DSL)
STATISTICS = (*TEAM, Role.SENIOR_LEADER, Role.GOVERNOR, Role.INSPECTOR)

is_team = has_role(*TEAM)
is_hr = has_role(Role.HR)


def _about_staff(user: Any, concern: Any) -> bool:
    return getattr(concern, "subject_type", None) == SubjectType.STAFF


about_staff = Predicate(_about_staff, name="about_staff")

add_perm("concerns.raise_concern", has_role(*RAISERS))
add_perm("concerns.view_inbox", is_team | is_hr)
add_perm("concerns.view_concern", is_team | (is_hr & about_staff))
add_perm("concerns.work_case", is_team | (is_hr & about_staff))
add_perm("concerns.decide", is_team)
add_perm("concerns.view_statistics", has_role(*STATISTICS))
add_perm("concerns.manage_settings", is_team)
