"""Who may reach the anonymised statistics (merged into the route-access test)."""

from __future__ import annotations

from preventhub.accounts.roles import Role
from preventhub.testing.route_cases import SAFEGUARDING, Case

STATISTICS = SAFEGUARDING | {Role.SENIOR_LEADER, Role.GOVERNOR, Role.INSPECTOR}

PAGES: dict[str, Case] = {
    "concerns:statistics": Case(STATISTICS),
}
API: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/concerns/statistics"): Case(STATISTICS),
}
