"""Who may send and receive safeguarding files: the safeguarding team (dsl, deputy_dsl) only.

A file holds the whole of a person's safeguarding record, so no other role (not admin, not
senior leaders) sees transfers, their packages or their receipts.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

TEAM = (Role.DSL, Role.DEPUTY_DSL)

add_perm("transfers.transfer_files", has_role(*TEAM))
