"""Who may see and do what in filtering governance (issue 7, item 6).

- it_manager records block/allow decisions, filter tests (and their test addresses and device
  types), the filtering and monitoring products, and decides unblock requests.
- dsl and deputy_dsl do the same (decisions, tests, unblock requests, responsibilities).
- senior_leader records decisions and responsibilities, takes part in the annual review and
  signs it off.
- governor and inspector read the registers, the reviews and the findings, read-only: they
  never see who asked for a site to be unblocked (a learner's name), nor the request's reason.
- learner and staff ask for a site to be unblocked for study and see their own requests only.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

EDITORS = (Role.IT_MANAGER, Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER)
READERS = (*EDITORS, Role.GOVERNOR, Role.INSPECTOR)
TESTERS = (Role.IT_MANAGER, Role.DSL, Role.DEPUTY_DSL)
TEST_PLANNERS = (Role.IT_MANAGER,)
DECIDERS = (Role.IT_MANAGER, Role.DSL, Role.DEPUTY_DSL)
REQUESTERS = (Role.LEARNER, Role.STAFF)
SIGNERS = (Role.SENIOR_LEADER,)
SETTINGS = (Role.IT_MANAGER, Role.DSL, Role.SENIOR_LEADER)

VIEW = "filtering.view_governance"
EDIT = "filtering.edit_governance"
RECORD_TESTS = "filtering.record_tests"
PLAN_TESTS = "filtering.plan_tests"
DECIDE = "filtering.decide_requests"
SEE_REQUESTERS = "filtering.see_requesters"
REQUEST = "filtering.request_unblock"
SIGN_OFF = "filtering.sign_off_review"
MANAGE_SETTINGS = "filtering.manage_settings"
VIEW_OR_REQUEST = "filtering.view_request"
IT_PANEL = "filtering.it_home_panel"
LEARNER_PANEL = "filtering.learner_home_panel"

add_perm(VIEW, has_role(*READERS))
add_perm(EDIT, has_role(*EDITORS))
add_perm(RECORD_TESTS, has_role(*TESTERS))
add_perm(PLAN_TESTS, has_role(*TEST_PLANNERS))
add_perm(DECIDE, has_role(*DECIDERS))
# Names and reasons of requests are for those who decide them.
add_perm(SEE_REQUESTERS, has_role(*DECIDERS))
add_perm(REQUEST, has_role(*REQUESTERS))
add_perm(SIGN_OFF, has_role(*SIGNERS))
add_perm(MANAGE_SETTINGS, has_role(*SETTINGS))
# One request's page: the register readers (without names) and the requester (their own).
add_perm(VIEW_OR_REQUEST, has_role(*READERS, *REQUESTERS))
add_perm(IT_PANEL, has_role(Role.IT_MANAGER))
add_perm(LEARNER_PANEL, has_role(Role.LEARNER))
