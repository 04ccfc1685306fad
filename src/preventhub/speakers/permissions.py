"""Who may request, check, decide and see speaker and event requests (issue 4, item 9).

- Any member of staff (and the other roles who organise events) submits requests and sees
  their own.
- speaker_coordinator, senior_leader and dsl/deputy_dsl see every request at the provider;
  coordinators and the safeguarding team record checks.
- Who may *approve* depends on the risk level (SpeakerSettings.approvers), checked in the
  service; refusing follows the same rule.
- governor and inspector see the register, without the personal notes on checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

REQUESTERS = (
    Role.STAFF, Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.HR, Role.TRAINING_LEAD,
    Role.SPEAKER_COORDINATOR, Role.ESTATES, Role.CURRICULUM_LEAD, Role.IT_MANAGER, Role.ADMIN,
)  # fmt: skip
MANAGERS = (Role.SPEAKER_COORDINATOR, Role.SENIOR_LEADER, Role.DSL, Role.DEPUTY_DSL)
CHECKERS = (Role.SPEAKER_COORDINATOR, Role.DSL, Role.DEPUTY_DSL)
DECIDERS = (Role.SPEAKER_COORDINATOR, Role.SENIOR_LEADER, Role.DSL, Role.DEPUTY_DSL)
REGISTER_READERS = (*MANAGERS, Role.GOVERNOR, Role.INSPECTOR)
LETTINGS = (*MANAGERS, Role.ESTATES)


def _is_organiser(user: Any, request: Any) -> bool:
    return bool(getattr(request, "organiser_id", None) == getattr(user, "pk", object()))


is_organiser = Predicate(_is_organiser, name="is_organiser")

add_perm("speakers.request", has_role(*REQUESTERS))
add_perm("speakers.manage", has_role(*MANAGERS))
add_perm("speakers.view_request", has_role(*MANAGERS) | (has_role(*REQUESTERS) & is_organiser))
add_perm("speakers.check", has_role(*CHECKERS))
add_perm("speakers.decide", has_role(*DECIDERS))
add_perm("speakers.view_register", has_role(*REGISTER_READERS))
add_perm("speakers.view_check_notes", has_role(*MANAGERS))
add_perm(
    "speakers.manage_settings", has_role(Role.SPEAKER_COORDINATOR, Role.DSL, Role.SENIOR_LEADER)
)
add_perm("speakers.manage_lettings", has_role(*LETTINGS))
