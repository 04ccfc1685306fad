"""Who may reach each compliance page and API operation (merged into the route-access test).

Every object below belongs to the provider under test; another provider's users get 404. The
group roll-up is reached by group membership, which no provider role grants.
"""

from __future__ import annotations

from typing import Any

from preventhub.compliance.permissions import (
    COMPLETERS,
    EVALUATORS,
    GOVERNOR_VIEW,
    LEADERS,
    READERS,
    REPORT_MAKERS,
    SAFEGUARDING,
)
from preventhub.compliance.tests.helpers import make_assessment, make_report
from preventhub.core.models import Provider
from preventhub.testing.route_cases import NOBODY, Case

READ = frozenset(READERS)
EVALUATE = frozenset(EVALUATORS)


def _year(p: Provider) -> dict[str, Any]:
    return {"pk": make_assessment(p).pk}


def _item(p: Provider) -> dict[str, Any]:
    return {**_year(p), "item": "named_lead"}


def _area(p: Provider) -> dict[str, Any]:
    return {**_year(p), "area": "leadership"}


def _report(p: Provider) -> dict[str, Any]:
    return {"pk": make_report(p).pk}


PAGES: dict[str, Case] = {
    "compliance:summary": Case(READ),
    "compliance:area": Case(READ, kwargs=lambda p: {"key": "premises"}),
    "compliance:assessments": Case(READ),
    "compliance:assessment_start": Case(EVALUATE, method="POST", ok=(302,)),
    "compliance:assessment": Case(READ, kwargs=_year, object_bound=True),
    "compliance:assessment_step": Case(
        EVALUATE, method="POST", kwargs=_year, ok=(302,), object_bound=True
    ),
    "compliance:judge": Case(EVALUATE, kwargs=_item, object_bound=True),
    # In step 1 there is nothing to plan yet: the page sends the user back to the year.
    "compliance:plan": Case(EVALUATE, kwargs=_item, ok=(302,), object_bound=True),
    "compliance:summarise": Case(EVALUATE, kwargs=_area, object_bound=True),
    "compliance:complete": Case(frozenset(COMPLETERS), kwargs=_year, object_bound=True),
    "compliance:leaders": Case(frozenset(LEADERS)),
    "compliance:governors": Case(frozenset(GOVERNOR_VIEW)),
    "compliance:safeguarding": Case(frozenset(SAFEGUARDING)),
    "compliance:pack": Case(READ),
    "compliance:pack_html": Case(READ),
    "compliance:pack_pdf": Case(READ),
    "compliance:governor_reports": Case(frozenset(GOVERNOR_VIEW)),
    "compliance:governor_report_now": Case(frozenset(REPORT_MAKERS), method="POST", ok=(302,)),
    "compliance:governor_report": Case(frozenset(GOVERNOR_VIEW), kwargs=_report, object_bound=True),
    "compliance:group": Case(NOBODY, kwargs=lambda p: {"slug": "some-group"}),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/compliance/summary"): Case(READ),
    ("GET", "/api/v1/evidence-pack.pdf"): Case(READ),
    ("GET", "/api/v1/evidence-pack.html"): Case(READ),
}
