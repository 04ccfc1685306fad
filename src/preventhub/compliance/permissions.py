"""Who may see and do what in compliance and inspection readiness (issue 8).

- senior_leader, dsl and deputy_dsl read the compliance summary, the self-assessment and the
  evidence pack; they evaluate, plan actions (into the risk action plan, which they also edit)
  and summarise. Only a senior leader completes a year: the judgement is the leadership's.
- senior_leader (with the safeguarding team) has the leaders' dashboard: what needs attention
  this week.
- governor reads the summary, the self-assessment, the evidence pack, the governors' dashboard
  (termly trend, anonymised) and the termly reports.
- dsl and deputy_dsl have their own dashboard (open cases, overdue actions, alerts).
- inspector (a time-limited role) reads the summary, the self-assessment and the evidence pack,
  read-only; no dashboard holds personal case data for them.
- Group users (a trust, college group or region) see the group roll-up: area statuses and
  anonymised counts per provider, never records (checked by membership, not by a role).
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

LEADERS = (Role.SENIOR_LEADER, Role.DSL, Role.DEPUTY_DSL)
READERS = (*LEADERS, Role.GOVERNOR, Role.INSPECTOR)
EVALUATORS = LEADERS
COMPLETERS = (Role.SENIOR_LEADER,)
GOVERNOR_VIEW = (Role.GOVERNOR, *LEADERS)
SAFEGUARDING = (Role.DSL, Role.DEPUTY_DSL)
REPORT_MAKERS = (Role.SENIOR_LEADER, Role.DSL)

VIEW_SUMMARY = "compliance.view_summary"
VIEW_ASSESSMENT = "compliance.view_assessment"
EVALUATE = "compliance.evaluate"
COMPLETE = "compliance.complete_assessment"
LEADER_DASHBOARD = "compliance.leader_dashboard"
GOVERNOR_DASHBOARD = "compliance.governor_dashboard"
DSL_DASHBOARD = "compliance.dsl_dashboard"
EVIDENCE_PACK = "compliance.evidence_pack"
GOVERNOR_REPORTS = "compliance.governor_reports"
MAKE_GOVERNOR_REPORT = "compliance.make_governor_report"

add_perm(VIEW_SUMMARY, has_role(*READERS))
add_perm(VIEW_ASSESSMENT, has_role(*READERS))
add_perm(EVALUATE, has_role(*EVALUATORS))
add_perm(COMPLETE, has_role(*COMPLETERS))
add_perm(LEADER_DASHBOARD, has_role(*LEADERS))
add_perm(GOVERNOR_DASHBOARD, has_role(*GOVERNOR_VIEW))
add_perm(DSL_DASHBOARD, has_role(*SAFEGUARDING))
add_perm(EVIDENCE_PACK, has_role(*READERS))
add_perm(GOVERNOR_REPORTS, has_role(*GOVERNOR_VIEW))
add_perm(MAKE_GOVERNOR_REPORT, has_role(*REPORT_MAKERS))
