"""Who may do what with online-safety monitoring (PRODUCT.md roles table).

- it_manager configures log sources, lists and settings, ingests logs, and sees IT alerts —
  pseudonymised: the user names behind them are for the safeguarding team.
- dsl and deputy_dsl triage alerts (acknowledge, false positive with reason, raise a concern),
  link an identity to a person, drill down into one identity's activity, and share the
  anonymised blocked-sites export with the police Prevent team.
- senior_leader reads the daily report (pseudonymised) and the lists.
- admin configures sources and lists (settings, not case content).
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

CONFIGURERS = (Role.IT_MANAGER, Role.ADMIN)
TRIAGERS = (Role.DSL, Role.DEPUTY_DSL)
ALERT_READERS = (*TRIAGERS, Role.IT_MANAGER)
REPORT_READERS = (*ALERT_READERS, Role.SENIOR_LEADER)
LIST_READERS = (*CONFIGURERS, *TRIAGERS, Role.SENIOR_LEADER)

add_perm("online_safety.configure_monitoring", has_role(*CONFIGURERS))
add_perm("online_safety.view_lists", has_role(*LIST_READERS))
add_perm("online_safety.ingest_logs", has_role(*CONFIGURERS))
add_perm("online_safety.view_ingestions", has_role(*CONFIGURERS, *TRIAGERS))
add_perm("online_safety.view_alerts", has_role(*ALERT_READERS))
add_perm("online_safety.triage_alerts", has_role(*TRIAGERS))
add_perm("online_safety.link_identity", has_role(*TRIAGERS))
add_perm("online_safety.view_identity_activity", has_role(*TRIAGERS))
add_perm("online_safety.view_daily_report", has_role(*REPORT_READERS))
add_perm("online_safety.share_with_police", has_role(*TRIAGERS))
