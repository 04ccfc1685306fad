"""Who may reach each risk-assessment page and API operation (merged into the route-access test).

Editors: dsl, deputy_dsl, senior_leader. Readers: editors, governor, inspector. Sign-off: senior
leader, governor. An action's progress page is for editors and the action's owner (anyone
else, including other members of staff, is told it does not exist).
"""

from __future__ import annotations

from typing import Any

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.risk.models import Risk
from preventhub.risk.tests.factories import make_action, make_risk, make_version
from preventhub.testing.route_cases import EVERYONE, Case

EDITORS = frozenset({Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER})
READERS = EDITORS | {Role.GOVERNOR, Role.INSPECTOR}
SIGNERS = frozenset({Role.SENIOR_LEADER, Role.GOVERNOR})
OWNERS = EVERYONE - {Role.LEARNER, Role.INSPECTOR}
ROUTE_CHECK = "Route-access check risk"


def _risk(p: Provider) -> dict[str, Any]:
    count = Risk.objects.for_provider(p).count()
    return {"pk": make_risk(p, title=f"Access risk {count}").pk}


def _action(p: Provider) -> dict[str, Any]:
    risk = Risk.objects.for_provider(p).get(pk=_risk(p)["pk"])
    return {"pk": make_action(risk).pk}


def _version(p: Provider) -> dict[str, Any]:
    return {"pk": make_version(p).pk}


PAGES: dict[str, Case] = {
    "risk:assessment": Case(READERS),
    "risk:context": Case(EDITORS),
    "risk:register": Case(READERS),
    "risk:register_csv": Case(READERS),
    "risk:register_xlsx": Case(READERS),
    "risk:risk_add": Case(EDITORS),
    "risk:risk": Case(READERS, kwargs=_risk, object_bound=True),
    "risk:risk_edit": Case(EDITORS, kwargs=_risk, object_bound=True),
    "risk:risk_remove": Case(EDITORS, kwargs=_risk, object_bound=True),
    "risk:action_add": Case(EDITORS, kwargs=_risk, object_bound=True),
    "risk:mine": Case(OWNERS),
    "risk:action_edit": Case(EDITORS, kwargs=_action, object_bound=True),
    # The owner may too (a user made for the test owns nothing): see test_pages.
    "risk:action_progress": Case(EDITORS, kwargs=_action, object_bound=True),
    "risk:inputs": Case(READERS),
    "risk:input_add": Case(EDITORS),
    "risk:versions": Case(READERS),
    "risk:version": Case(READERS, kwargs=_version, object_bound=True),
    "risk:changes": Case(READERS),
    "risk:sign_off": Case(SIGNERS),
    "risk:board_report": Case(READERS),
}


def _risk_body(p: Provider) -> dict[str, Any]:
    return {
        "area": "leadership",
        "title": ROUTE_CHECK,
        "description": "Route-access check.",
        "likelihood": 2,
        "impact": 3,
    }


def _remove_route_check_risk(p: Provider) -> None:
    Risk.objects.for_provider(p).filter(title=ROUTE_CHECK).delete()


def _risk_id(p: Provider) -> dict[str, Any]:
    return {"risk_id": _risk(p)["pk"]}


API: dict[tuple[str, str], Case] = {
    ("POST", "/api/v1/risks"): Case(
        EDITORS, data=_risk_body, ok=(201,), cleanup=_remove_route_check_risk
    ),
    ("GET", "/api/v1/risks"): Case(READERS),
    ("GET", "/api/v1/risks/{risk_id}"): Case(READERS, kwargs=_risk_id),
    ("POST", "/api/v1/risks/{risk_id}/actions"): Case(
        EDITORS, kwargs=_risk_id, data=lambda p: {"title": "Route-access check"}, ok=(201,)
    ),
    ("GET", "/api/v1/risk-assessment/quality"): Case(READERS),
}
