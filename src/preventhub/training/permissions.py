"""Who may manage, read and answer training (issue 6; PRODUCT.md roles table).

- training_lead manages the catalogue, the requirements matrix, sessions, records, imports and
  the knowledge questions.
- dsl, deputy_dsl, senior_leader and hr (and the training lead) read compliance with names,
  the action list and the impact reports.
- governor and inspector read anonymised compliance figures only: counts, never a name.
- Everyone who works at the provider sees their own training and answers their questionnaires.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

MANAGERS = (Role.TRAINING_LEAD,)
NAMED_READERS = (Role.TRAINING_LEAD, Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.HR)
FIGURE_READERS = (*NAMED_READERS, Role.GOVERNOR, Role.INSPECTOR)
# Everyone employed, volunteering or governing: not learners, not the external inspector.
TRAINEES = tuple(r for r in Role.values if r not in (Role.LEARNER, Role.INSPECTOR))

add_perm("training.manage", has_role(*MANAGERS))
add_perm("training.view_compliance", has_role(*NAMED_READERS))
add_perm("training.view_figures", has_role(*FIGURE_READERS))
add_perm("training.view_reports", has_role(*NAMED_READERS))
add_perm("training.view_own", has_role(*TRAINEES))
