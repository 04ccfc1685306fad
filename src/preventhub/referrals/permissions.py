"""Who may see and work on Prevent referrals and Channel records: the safeguarding team only.

dsl and deputy_dsl read and write them. hr does not (even for a concern about a member of
staff: an external Prevent referral is the designated lead's to make), a senior leader only if
they also hold a safeguarding role, and an administrator never (need-to-know by default).
Every rule is checked against the concern, the referral or the Channel record, so a role
counts only at the provider the record belongs to.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

# django-rules ships add_perm without annotations; this typed alias keeps mypy strict here.
add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

TEAM = (Role.DSL, Role.DEPUTY_DSL)
is_team = has_role(*TEAM)

add_perm("referrals.view_referral", is_team)
add_perm("referrals.work_referral", is_team)
add_perm("referrals.export_referral", is_team)
add_perm("referrals.view_channel", is_team)
add_perm("referrals.work_channel", is_team)
