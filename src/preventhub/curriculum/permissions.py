"""Who may log, manage and read curriculum coverage, employer communications and learner voice
(issue 6, items 6-7).

- ``curriculum_lead`` manages activities (anyone's), surveys, the question bank and employer
  communications.
- Teachers (``staff``) log activities for their groups, change or remove the ones they logged,
  and see coverage and the activity log.
- ``dsl``, ``deputy_dsl``, ``senior_leader``, ``governor`` and ``inspector`` see coverage, the
  activity log, employer communications and anonymised survey results.
- Learners answer surveys through their link, signed in or not (no role needed).
- ``admin`` has no part in the curriculum.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

LEAD = (Role.CURRICULUM_LEAD,)
LOGGERS = (Role.STAFF, Role.CURRICULUM_LEAD)
OVERSIGHT = (Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.GOVERNOR, Role.INSPECTOR)
COVERAGE_READERS = (*LOGGERS, *OVERSIGHT)
RESULTS_READERS = (*LEAD, *OVERSIGHT)

LOG_ACTIVITY = "curriculum.log_activity"
CHANGE_ACTIVITY = "curriculum.change_activity"
MANAGE = "curriculum.manage"
VIEW_COVERAGE = "curriculum.view_coverage"
VIEW_EMPLOYERS = "curriculum.view_employers"
MANAGE_SURVEYS = "curriculum.manage_surveys"
VIEW_RESULTS = "curriculum.view_results"


def _logged_it(user: Any, activity: Any) -> bool:
    return bool(getattr(activity, "logged_by_id", None) == getattr(user, "pk", object()))


logged_it = Predicate(_logged_it, name="logged_it")
is_lead = has_role(*LEAD)

add_perm(LOG_ACTIVITY, has_role(*LOGGERS))
# Checked against the activity: the lead changes any, a teacher the ones they logged.
add_perm(CHANGE_ACTIVITY, is_lead | (has_role(Role.STAFF) & logged_it))
add_perm(MANAGE, is_lead)
add_perm(VIEW_COVERAGE, has_role(*COVERAGE_READERS))
add_perm(VIEW_EMPLOYERS, has_role(*RESULTS_READERS))
add_perm(MANAGE_SURVEYS, is_lead)
add_perm(VIEW_RESULTS, has_role(*RESULTS_READERS))
