"""Who may see and change the people register.

Learners' records: the safeguarding team and admin. Staff records: also hr, training_lead and
senior_leader (their work is about staff). Support needs (encrypted): the safeguarding team only;
an administrator edits the register but never reads support needs (PRODUCT.md, need-to-know).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role
from preventhub.people.choices import PersonKind

# django-rules ships add_perm without annotations; this typed alias keeps mypy strict here.
add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

SEES_ALL_PEOPLE = (Role.DSL, Role.DEPUTY_DSL, Role.ADMIN)
SEES_STAFF = (*SEES_ALL_PEOPLE, Role.HR, Role.TRAINING_LEAD, Role.SENIOR_LEADER)
READS_SUPPORT_NEEDS = (Role.DSL, Role.DEPUTY_DSL)

sees_all_people = has_role(*SEES_ALL_PEOPLE)
sees_staff = has_role(*SEES_STAFF)


def _is_staff_record(user: Any, person: Any) -> bool:
    return getattr(person, "kind", None) == PersonKind.STAFF


is_staff_record = Predicate(_is_staff_record, name="is_staff_record")

add_perm("people.view_register", sees_staff)
add_perm("people.view_person", sees_all_people | (sees_staff & is_staff_record))
add_perm("people.view_support_needs", has_role(*READS_SUPPORT_NEEDS))
add_perm("people.change_person", has_role(Role.ADMIN))
add_perm("people.import_people", has_role(Role.ADMIN))
