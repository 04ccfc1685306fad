"""Who may read, edit and sign off the risk assessment and action plan (issue 5).

- dsl, deputy_dsl and senior_leader edit the assessment, its risks, actions and inputs.
- governor and inspector read it (it holds no personal data: risks, not people), as do editors.
- senior_leader and governor sign a version off; an approved version needs one of each, by two
  different people.
- The owner of an action (any member of staff it is given to) may update that action's status
  and evidence of impact, and sees the actions they own; nothing else of the assessment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

EDITORS = (Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER)
READERS = (*EDITORS, Role.GOVERNOR, Role.INSPECTOR)
SIGNERS = (Role.SENIOR_LEADER, Role.GOVERNOR)
# Who may be given an action: anyone working at the provider (not learners, not inspectors).
ACTION_OWNER_ROLES = tuple(r for r in Role.values if r not in (Role.LEARNER, Role.INSPECTOR))

VIEW = "risk.view_assessment"
EDIT = "risk.edit_assessment"
SIGN_OFF = "risk.sign_off"
OWN_ACTIONS = "risk.own_actions"
UPDATE_ACTION = "risk.update_action"


def _owns_action(user: Any, action: Any) -> bool:
    owner_id = getattr(action, "owner_id", None)
    return owner_id is not None and owner_id == getattr(user, "pk", None)


owns_action = Predicate(_owns_action, name="owns_action")
is_editor = has_role(*EDITORS)

add_perm(VIEW, has_role(*READERS))
add_perm(EDIT, is_editor)
add_perm(SIGN_OFF, has_role(*SIGNERS))
add_perm(OWN_ACTIONS, has_role(*ACTION_OWNER_ROLES))
# Object-level: checked against a RiskAction (its provider and owner).
add_perm(UPDATE_ACTION, is_editor | (has_role(*ACTION_OWNER_ROLES) & owns_action))
