"""Who may see and change the people register.

Learners' records: the safeguarding team and admin. Staff records: also hr, training_lead and
senior_leader (their work is about staff). Support needs (encrypted): the safeguarding team only.
"""

from __future__ import annotations

from typing import Any

import rules

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role
from preventhub.people.choices import PersonKind

SEES_ALL_PEOPLE = (Role.DSL, Role.DEPUTY_DSL, Role.ADMIN)
SEES_STAFF = (*SEES_ALL_PEOPLE, Role.HR, Role.TRAINING_LEAD, Role.SENIOR_LEADER)

sees_all_people = has_role(*SEES_ALL_PEOPLE)
sees_staff = has_role(*SEES_STAFF)


@rules.predicate
def is_staff_record(user: Any, person: Any) -> bool:
    return getattr(person, "kind", None) == PersonKind.STAFF


rules.add_perm("people.view_register", sees_staff)
rules.add_perm("people.view_person", sees_all_people | (sees_staff & is_staff_record))
rules.add_perm("people.view_support_needs", has_role(Role.DSL, Role.DEPUTY_DSL))
rules.add_perm("people.change_person", has_role(Role.ADMIN))
rules.add_perm("people.import_people", has_role(Role.ADMIN))
